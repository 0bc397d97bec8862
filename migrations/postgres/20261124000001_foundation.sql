-- Foundation schema (PostgreSQL). Keep in step with migrations/sqlite: same tables, same columns.

CREATE TABLE organisations (
    id          UUID PRIMARY KEY NOT NULL,
    ods_code    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   UUID REFERENCES organisations (id),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE people (
    id               UUID PRIMARY KEY NOT NULL,
    issuer           TEXT NOT NULL,
    subject          TEXT NOT NULL,
    display_name     TEXT NOT NULL,
    email            TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    last_sign_in_at  TIMESTAMPTZ,
    UNIQUE (issuer, subject)
);

CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    person_id     UUID NOT NULL REFERENCES people (id),
    principal     TEXT NOT NULL,
    oidc_sid      TEXT,
    id_token      TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_oidc_sid ON sessions (oidc_sid);
CREATE INDEX sessions_person_id ON sessions (person_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE login_attempts (
    state          TEXT PRIMARY KEY NOT NULL,
    browser_hash   TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    pkce_verifier  TEXT NOT NULL,
    return_to      TEXT,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_attempts_created_at ON login_attempts (created_at);

CREATE TABLE audit_events (
    id               UUID PRIMARY KEY NOT NULL,
    occurred_at      TIMESTAMPTZ NOT NULL,
    actor_person_id  UUID REFERENCES people (id),
    action           TEXT NOT NULL,
    subject_type     TEXT NOT NULL,
    subject_id       TEXT,
    details          JSONB NOT NULL
);
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at, id);
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id);
