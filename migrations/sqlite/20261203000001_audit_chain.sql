-- The audit trail becomes one hash chain (domain/src/audit, docs/audit.md). Rows written
-- before this have no position; the portal chains them at start-up, oldest first.
ALTER TABLE audit_events ADD COLUMN position INTEGER;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN entry_hash TEXT;
ALTER TABLE audit_events ADD COLUMN payload_hash TEXT;
ALTER TABLE audit_events ADD COLUMN payload_salt TEXT;
ALTER TABLE audit_events ADD COLUMN redacted_at TEXT;
CREATE UNIQUE INDEX audit_events_position ON audit_events (position);

-- One row: the last position and hash. SQLite has one writer, so positions follow commits.
CREATE TABLE audit_chain_head (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    position    INTEGER NOT NULL,
    entry_hash  TEXT NOT NULL
);
INSERT INTO audit_chain_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoints (
    position    INTEGER NOT NULL PRIMARY KEY,
    entry_hash  TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    signature   TEXT NOT NULL
);

-- Append-only. The two updates allowed: chaining a row written before the chain (its
-- content unchanged), and redaction (payload and salt go; every hashed column stays).
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NOT (
    new.id = old.id AND new.occurred_at = old.occurred_at
    AND new.actor_person_id IS old.actor_person_id
    AND new.action = old.action AND new.subject_type = old.subject_type
    AND new.subject_id IS old.subject_id
    AND (
        (old.position IS NULL AND new.details = old.details AND new.redacted_at IS NULL)
        OR (old.position IS NOT NULL AND old.redacted_at IS NULL AND new.redacted_at IS NOT NULL
            AND new.position = old.position AND new.prev_hash = old.prev_hash
            AND new.entry_hash = old.entry_hash AND new.payload_hash = old.payload_hash
            AND new.payload_salt IS NULL AND new.details = '{"redacted":true}')
    )
)
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused');
END;
CREATE TRIGGER audit_chain_head_kept BEFORE DELETE ON audit_chain_head
BEGIN
    SELECT RAISE(ABORT, 'audit_chain_head is append-only: DELETE refused');
END;
