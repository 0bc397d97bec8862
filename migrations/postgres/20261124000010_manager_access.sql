-- Managers without a CIS2 identity (PostgreSQL). Keep in step with the other backend.

-- A one-time sign-in link sent to a work email. Only the SHA-256 of its token is stored;
-- it carries what the person typed until the link proves the address is theirs.
CREATE TABLE email_sign_in_links (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    email       TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    ods_code    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX email_sign_in_links_email ON email_sign_in_links (email, expires_at);
CREATE INDEX email_sign_in_links_expiry ON email_sign_in_links (expires_at);

-- A manager's access to one organisation: pending until an RA officer decides.
CREATE TABLE manager_access (
    id            UUID PRIMARY KEY NOT NULL,
    person_id     UUID NOT NULL REFERENCES people (id),
    email         TEXT NOT NULL,
    full_name     TEXT NOT NULL,
    ods_code      TEXT NOT NULL,
    status        TEXT NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL,
    decided_at    TIMESTAMPTZ,
    decided_by    UUID REFERENCES people (id),
    reason        TEXT
);
-- One pending or approved access per email and organisation.
CREATE UNIQUE INDEX manager_access_live ON manager_access (email, ods_code)
    WHERE status IN ('pending', 'approved');
CREATE INDEX manager_access_status ON manager_access (status, requested_at);
