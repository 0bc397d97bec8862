-- Authenticator registration requests (SQLite). Keep in step with the other backend.
CREATE TABLE registration_requests (
    id                  BLOB PRIMARY KEY NOT NULL,
    person_name         TEXT NOT NULL,
    -- As entered, with the domain part normalised; email_key is its lower-case form.
    email               TEXT NOT NULL,
    email_key           TEXT NOT NULL,
    email_domain        TEXT NOT NULL,
    job_role            TEXT NOT NULL,
    -- The organisation or site the person works at.
    ods_code            TEXT NOT NULL,
    phone               TEXT NOT NULL,
    phone_kind          TEXT NOT NULL CHECK (phone_kind IN ('personal', 'business')),
    state               TEXT NOT NULL CHECK (state IN ('submitted', 'in_review', 'approved', 'rejected',
        'meeting_booked', 'identity_verified', 'link_sent', 'link_expired', 'enrolled', 'cancelled',
        'device_removed')),
    -- 'single', 'bulk' or 'self_service'.
    source              TEXT NOT NULL,
    requested_by        BLOB NOT NULL REFERENCES people (id),
    requested_at        TEXT NOT NULL,
    last_step_at        TEXT NOT NULL,
    completed_by        BLOB REFERENCES people (id),
    -- The RA officer reviewing it, until when (the 15-minute lock).
    review_holder       BLOB REFERENCES people (id),
    review_holder_name  TEXT,
    review_until        TEXT,
    meeting_at          TEXT,
    meeting_mode        TEXT,
    -- Document types seen at the identity check (JSON array of names), never images.
    identity_documents  TEXT,
    -- Reason given with the latest reject, cancel, removal or closure.
    decision_reason     TEXT
);
-- One open request per person.
CREATE UNIQUE INDEX registration_one_open ON registration_requests (email_key)
    WHERE state IN ('submitted', 'in_review', 'approved', 'meeting_booked', 'identity_verified',
        'link_sent', 'link_expired');
-- The RA queue: newest first, by every filter.
CREATE INDEX registration_by_time ON registration_requests (requested_at, id);
CREATE INDEX registration_by_state ON registration_requests (state, requested_at, id);
CREATE INDEX registration_by_org ON registration_requests (ods_code, requested_at, id);
CREATE INDEX registration_by_requester ON registration_requests (requested_by, requested_at, id);
CREATE INDEX registration_by_email ON registration_requests (email_key);
