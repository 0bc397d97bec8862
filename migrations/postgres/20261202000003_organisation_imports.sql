-- Organisation CSV uploads waiting for their RA officer to commit them (PostgreSQL).
CREATE TABLE organisation_imports (
    id            UUID PRIMARY KEY NOT NULL,
    created_by    UUID NOT NULL REFERENCES people (id),
    created_at    TIMESTAMPTZ NOT NULL,
    file_name     TEXT NOT NULL,
    -- The rows as read from the file (JSON array); judged again on commit.
    rows          JSONB NOT NULL,
    committed_at  TIMESTAMPTZ
);
