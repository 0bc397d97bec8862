-- The audit trail becomes one hash chain (domain/src/audit, docs/audit.md). Rows written
-- before this have no position; the portal chains them at start-up, oldest first.
ALTER TABLE audit_events ADD COLUMN position BIGINT;
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
ALTER TABLE audit_events ADD COLUMN redacted_at TIMESTAMPTZ;
CREATE UNIQUE INDEX audit_events_position ON audit_events (position);
-- Auditors' search: newest first within each filter, and a subject's timeline in order.
CREATE INDEX audit_events_action ON audit_events (action, position);
CREATE INDEX audit_events_actor ON audit_events (actor_person_id, position);
CREATE INDEX audit_events_org ON audit_events (subject_org, position);
DROP INDEX audit_events_subject;
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, position);

-- One row: the last position and hash. Writers lock it, so positions follow commit order.
CREATE TABLE audit_chain_head (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    position    BIGINT NOT NULL,
    entry_hash  TEXT NOT NULL
);
INSERT INTO audit_chain_head VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit_checkpoints (
    position    BIGINT PRIMARY KEY,
    entry_hash  TEXT NOT NULL,
    signed_at   TIMESTAMPTZ NOT NULL,
    public_key  TEXT NOT NULL,
    signature   TEXT NOT NULL
);

-- Append-only. The two updates allowed: chaining a row written before the chain (its
-- content unchanged), and redaction of a registration request's entry (payload and salt
-- go; every hashed column stays). A comparison with NULL fails the IF, so it refuses.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id AND NEW.occurred_at = OLD.occurred_at
       AND NEW.actor_person_id IS NOT DISTINCT FROM OLD.actor_person_id
       AND NEW.action = OLD.action AND NEW.subject_type = OLD.subject_type
       AND NEW.subject_id IS NOT DISTINCT FROM OLD.subject_id
       AND NEW.actor_name IS NOT DISTINCT FROM OLD.actor_name
       AND NEW.actor_role IS NOT DISTINCT FROM OLD.actor_role
       AND NEW.actor_org IS NOT DISTINCT FROM OLD.actor_org
       AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
       AND NEW.client_addr IS NOT DISTINCT FROM OLD.client_addr
       AND NEW.subject_org IS NOT DISTINCT FROM OLD.subject_org THEN
        IF OLD.position IS NULL AND NEW.details = OLD.details AND NEW.redacted_at IS NULL THEN
            RETURN NEW;
        END IF;
        IF OLD.position IS NOT NULL AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
           AND OLD.subject_type = 'registration_request'
           AND NEW.position = OLD.position AND NEW.prev_hash = OLD.prev_hash
           AND NEW.entry_hash = OLD.entry_hash AND NEW.payload_hash = OLD.payload_hash
           AND NEW.payload_salt IS NULL AND NEW.details = '{"redacted": true}'::jsonb THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_head_kept BEFORE DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
