-- Organisation CSV uploads waiting for their RA officer to commit them (SQLite).
CREATE TABLE organisation_imports (
    id            BLOB PRIMARY KEY NOT NULL,
    created_by    BLOB NOT NULL REFERENCES people (id),
    created_at    TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    -- The rows as read from the file (JSON array); judged again on commit.
    rows          TEXT NOT NULL,
    committed_at  TEXT
);
