-- Email-domain allow list (SQLite). Keep in step with migrations/postgres.

CREATE TABLE allow_list_entries (
    id                 BLOB PRIMARY KEY NOT NULL,
    -- Normalised ASCII (IDNA) form, lower-case, no trailing dot.
    domain             TEXT NOT NULL,
    covers_subdomains  INTEGER NOT NULL CHECK (covers_subdomains IN (0, 1)),
    ods_code           TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN
        ('requested', 'accepted', 'submitted', 'active', 'rejected', 'suspended', 'removed')),
    -- How it arrived: 'request' (manager), 'direct' (RA officer) or 'import' (CSV).
    source             TEXT NOT NULL,
    -- The manager's reason staff use the domain, or the RA officer's note.
    reason             TEXT NOT NULL,
    evidence_url       TEXT,
    created_by         BLOB REFERENCES people (id),
    created_at         TEXT NOT NULL,
    status_changed_at  TEXT NOT NULL,
    -- Reason given with the latest reject, suspend, reinstate or remove.
    status_reason      TEXT,
    submitted_on       TEXT,
    nhse_reference     TEXT
);
-- A domain is listed at most once among live entries; rejected and removed ones stay
-- for the record and free the domain for a new request.
CREATE UNIQUE INDEX allow_list_live_domain ON allow_list_entries (domain)
    WHERE status NOT IN ('rejected', 'removed');
-- Keyset pagination: one index per sort order and filter.
CREATE INDEX allow_list_by_domain ON allow_list_entries (domain, id);
CREATE INDEX allow_list_by_status ON allow_list_entries (status, domain, id);
CREATE INDEX allow_list_by_org ON allow_list_entries (ods_code, domain, id);
CREATE INDEX allow_list_by_change ON allow_list_entries (status_changed_at, id);

-- A CSV file read and judged, waiting for an RA officer to commit it (all rows or none).
CREATE TABLE allow_list_imports (
    id            BLOB PRIMARY KEY NOT NULL,
    created_by    BLOB NOT NULL REFERENCES people (id),
    created_at    TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    -- The rows as read from the file (JSON array); judged again on commit.
    rows          TEXT NOT NULL,
    committed_at  TEXT
);
