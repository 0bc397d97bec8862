-- Why an open request needs an RA officer's attention (PostgreSQL), e.g. its email domain was
-- suspended or removed from the allow list after it was raised.
ALTER TABLE registration_requests ADD COLUMN review_flag TEXT;
