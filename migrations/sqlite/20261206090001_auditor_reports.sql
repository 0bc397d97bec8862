-- Retention (docs/audit.md): when the audit entries of a closed request had their personal
-- data redacted. Closed requests still waiting for it are found by the partial index.
ALTER TABLE registration_requests ADD COLUMN audit_redacted_at TEXT;
CREATE INDEX registration_requests_to_redact ON registration_requests (last_step_at)
    WHERE audit_redacted_at IS NULL
      AND state IN ('rejected', 'enrolled', 'cancelled', 'device_removed');

-- The auditors' device report pages through devices newest first.
CREATE INDEX devices_registered ON devices (registered_at, id);

-- A person's registration history, by email address, for auditors.
CREATE INDEX registration_requests_email ON registration_requests (email_key);

-- Auditors' search by target alone (a request's id, an ODS code), newest first.
CREATE INDEX audit_events_subject_id ON audit_events (subject_id, position);
