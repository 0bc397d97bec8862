-- The audit trail becomes one hash chain (domain/src/audit, docs/audit.md). Rows written
-- before this have no position; the portal chains them at start-up, oldest first.
ALTER TABLE audit_events ADD COLUMN position INTEGER;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN entry_hash TEXT;
ALTER TABLE audit_events ADD COLUMN payload_hash TEXT;
ALTER TABLE audit_events ADD COLUMN payload_salt TEXT;
-- Who acted as they were then, and where from (domain::audit::Provenance).
ALTER TABLE audit_events ADD COLUMN actor_name TEXT;
ALTER TABLE audit_events ADD COLUMN actor_role TEXT;
ALTER TABLE audit_events ADD COLUMN actor_org TEXT;
ALTER TABLE audit_events ADD COLUMN request_id TEXT;
ALTER TABLE audit_events ADD COLUMN client_addr TEXT;
-- The organisation the subject belongs to, for auditors' search.
ALTER TABLE audit_events ADD COLUMN subject_org TEXT;
ALTER TABLE audit_events ADD COLUMN redacted_at TEXT;
CREATE UNIQUE INDEX audit_events_position ON audit_events (position);
-- Auditors' search: newest first within each filter, and a subject's timeline in order.
CREATE INDEX audit_events_action ON audit_events (action, position);
CREATE INDEX audit_events_actor ON audit_events (actor_person_id, position);
CREATE INDEX audit_events_org ON audit_events (subject_org, position);
DROP INDEX audit_events_subject;
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, position);

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
-- content unchanged), and redaction of a registration request's entry (payload and salt
-- go; every hashed column stays). The condition is COALESCEd: a comparison with NULL is
-- NULL in SQLite, which must refuse, not let through.
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN COALESCE(NOT (
    new.id = old.id AND new.occurred_at = old.occurred_at
    AND new.actor_person_id IS old.actor_person_id
    AND new.action = old.action AND new.subject_type = old.subject_type
    AND new.subject_id IS old.subject_id
    AND new.actor_name IS old.actor_name AND new.actor_role IS old.actor_role
    AND new.actor_org IS old.actor_org AND new.request_id IS old.request_id
    AND new.client_addr IS old.client_addr AND new.subject_org IS old.subject_org
    AND (
        (old.position IS NULL AND new.details = old.details AND new.redacted_at IS NULL)
        OR (old.position IS NOT NULL AND old.redacted_at IS NULL AND new.redacted_at IS NOT NULL
            AND new.position = old.position AND new.prev_hash = old.prev_hash
            AND new.entry_hash = old.entry_hash AND new.payload_hash = old.payload_hash
            AND old.subject_type = 'registration_request'
            AND new.payload_salt IS NULL AND new.details = '{"redacted":true}')
    )
), 1)
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
