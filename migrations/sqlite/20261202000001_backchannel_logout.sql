-- Back-channel logout: a session CIS2 ended stays, marked, until its browser next calls
-- (which then hears why), and the logout tokens already acted on are remembered so a
-- replay is refused, on every instance.
ALTER TABLE sessions ADD COLUMN ended_at TEXT;
ALTER TABLE sessions ADD COLUMN end_reason TEXT;

CREATE TABLE logout_tokens (
    jti             TEXT PRIMARY KEY NOT NULL,
    seen_at         TEXT NOT NULL,
    remember_until  TEXT NOT NULL
);
CREATE INDEX logout_tokens_remember_until ON logout_tokens (remember_until);
