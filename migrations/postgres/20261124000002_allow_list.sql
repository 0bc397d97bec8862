-- Email-domain allow list (PostgreSQL). Keep in step with migrations/sqlite.

CREATE TABLE allow_list_entries (
    id                 UUID PRIMARY KEY NOT NULL,
    -- Normalised ASCII (IDNA) form, lower-case, no trailing dot. Byte order ("C"), as
    -- in SQLite, so keyset pages cut at the same places on both backends.
    domain             TEXT COLLATE "C" NOT NULL,
    covers_subdomains  BOOLEAN NOT NULL,
    ods_code           TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN
        ('requested', 'accepted', 'submitted', 'active', 'rejected', 'suspended', 'removed')),
    -- How it arrived: 'request' (manager), 'direct' (RA officer) or 'import' (CSV).
    source             TEXT NOT NULL,
    -- The manager's reason staff use the domain, or the RA officer's note.
    reason             TEXT NOT NULL,
    evidence_url       TEXT,
    created_by         UUID REFERENCES people (id),
    created_at         TIMESTAMPTZ NOT NULL,
    status_changed_at  TIMESTAMPTZ NOT NULL,
    -- Reason given with the latest reject, suspend, reinstate or remove.
    status_reason      TEXT,
    submitted_on       DATE,
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
    id            UUID PRIMARY KEY NOT NULL,
    created_by    UUID NOT NULL REFERENCES people (id),
    created_at    TIMESTAMPTZ NOT NULL,
    file_name     TEXT NOT NULL,
    -- The rows as read from the file (JSON array); judged again on commit.
    rows          JSONB NOT NULL,
    committed_at  TIMESTAMPTZ
);
