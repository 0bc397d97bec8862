-- Email outbox (PostgreSQL). Keep in step with migrations/sqlite.
-- A message is written in the same transaction as the change it reports; a background
-- worker sends it with retries, so nothing is lost while SMTP is down.
CREATE TABLE mail_outbox (
    id               UUID PRIMARY KEY NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    -- 'pending', 'sent' or 'failed' (gave up; shown to RA officers).
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_error       TEXT,
    sent_at          TIMESTAMPTZ,
    -- A worker's claim: no other worker takes the message until the lease ends.
    locked_by        TEXT,
    locked_until     TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
