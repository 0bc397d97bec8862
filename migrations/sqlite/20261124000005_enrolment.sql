-- Enrolment links and registered devices (SQLite). Keep in step with the other backend.

-- A one-time link to set up Microsoft Authenticator, sent after the identity check.
-- Only the SHA-256 of its token is stored; a resend replaces it.
CREATE TABLE enrolment_links (
    id                     BLOB PRIMARY KEY NOT NULL,
    request_id             BLOB NOT NULL REFERENCES registration_requests (id),
    token_hash             TEXT NOT NULL UNIQUE,
    created_at             TEXT NOT NULL,
    expires_at             TEXT NOT NULL,
    used_at                TEXT,
    replaced_at            TEXT,
    wrong_codes            INTEGER NOT NULL,
    -- The one-time code emailed to the person before the secret is shown (hash only).
    email_code_hash        TEXT,
    email_code_expires_at  TEXT,
    -- The TOTP secret, AES-256-GCM encrypted (nonce then ciphertext); never logged.
    secret_enc             BLOB
);
CREATE INDEX enrolment_links_request ON enrolment_links (request_id);
CREATE INDEX enrolment_links_expiry ON enrolment_links (expires_at);

-- A person's registered authenticator, and its removal.
CREATE TABLE devices (
    id              BLOB PRIMARY KEY NOT NULL,
    request_id      BLOB NOT NULL REFERENCES registration_requests (id),
    person_email    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    registered_at   TEXT NOT NULL,
    removed_at      TEXT,
    removed_by      BLOB REFERENCES people (id),
    removal_reason  TEXT
);
CREATE INDEX devices_person ON devices (person_email);
CREATE INDEX devices_request ON devices (request_id);
