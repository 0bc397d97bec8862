-- Foundation schema (SQLite). Keep in step with migrations/postgres: same tables, same columns.
-- uuid: 16-byte BLOB; timestamps: RFC 3339 TEXT in UTC; JSON: TEXT.

CREATE TABLE organisations (
    id          BLOB PRIMARY KEY NOT NULL,
    ods_code    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   BLOB REFERENCES organisations (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Everyone the portal knows, keyed by who vouches for them: (issuer, subject).
CREATE TABLE people (
    id               BLOB PRIMARY KEY NOT NULL,
    issuer           TEXT NOT NULL,
    subject          TEXT NOT NULL,
    display_name     TEXT NOT NULL,
    email            TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_sign_in_at  TEXT,
    UNIQUE (issuer, subject)
);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    person_id     BLOB NOT NULL REFERENCES people (id),
    principal     TEXT NOT NULL,
    oidc_sid      TEXT,
    id_token      TEXT,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_oidc_sid ON sessions (oidc_sid);
CREATE INDEX sessions_person_id ON sessions (person_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- A sign-in in progress: state, nonce and PKCE verifier, bound to the browser that started it.
CREATE TABLE login_attempts (
    state          TEXT PRIMARY KEY NOT NULL,
    browser_hash   TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    pkce_verifier  TEXT NOT NULL,
    return_to      TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX login_attempts_created_at ON login_attempts (created_at);

-- Every state change: who, when, what, why. The audit issue chains these by hash.
CREATE TABLE audit_events (
    id               BLOB PRIMARY KEY NOT NULL,
    occurred_at      TEXT NOT NULL,
    actor_person_id  BLOB REFERENCES people (id),
    action           TEXT NOT NULL,
    subject_type     TEXT NOT NULL,
    subject_id       TEXT,
    details          TEXT NOT NULL
);
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at, id);
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id);
