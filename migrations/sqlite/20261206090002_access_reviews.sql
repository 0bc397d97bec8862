-- Access reviews (issue 12): an RA manager certifies, every RA_ACCESS_REVIEW_DAYS, each
-- access the portal itself grants (approved email-link managers), confirming or
-- withdrawing it with a reason. One review is open at a time: `open` is 1 while it is,
-- NULL once completed, and unique.
CREATE TABLE access_reviews (
    id            BLOB PRIMARY KEY NOT NULL,
    started_at    TEXT NOT NULL,
    started_by    BLOB NOT NULL REFERENCES people (id),
    completed_at  TEXT,
    open          INTEGER UNIQUE CHECK (open = 1)
);
-- The accesses a review covers, as they stood when it started, and each decision.
CREATE TABLE access_review_items (
    review_id   BLOB NOT NULL REFERENCES access_reviews (id),
    access_id   BLOB NOT NULL REFERENCES manager_access (id),
    decision    TEXT CHECK (decision IN ('confirm', 'revoke')),
    reason      TEXT,
    decided_by  BLOB REFERENCES people (id),
    decided_at  TEXT,
    PRIMARY KEY (review_id, access_id)
);
