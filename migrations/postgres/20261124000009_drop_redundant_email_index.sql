-- The one-open-request index (partial, on email_key) already serves every lookup by
-- email (PostgreSQL); this second index only slowed down bulk inserts.
DROP INDEX registration_by_email;
