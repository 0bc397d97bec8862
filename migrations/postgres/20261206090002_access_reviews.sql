-- Access reviews (issue 12): an RA manager certifies, every RA_ACCESS_REVIEW_DAYS, each
-- access the portal itself grants (approved email-link managers), confirming or
-- withdrawing it with a reason. One review is open at a time: `open` is 1 while it is,
-- NULL once completed, and unique.
CREATE TABLE access_reviews (
    id            UUID PRIMARY KEY NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL,
    started_by    UUID NOT NULL REFERENCES people (id),
    completed_at  TIMESTAMPTZ,
    open          SMALLINT UNIQUE CHECK (open = 1)
);
-- The accesses a review covers, as they stood when it started, and each decision.
CREATE TABLE access_review_items (
    review_id   UUID NOT NULL REFERENCES access_reviews (id),
    access_id   UUID NOT NULL REFERENCES manager_access (id),
    decision    TEXT CHECK (decision IN ('confirm', 'revoke')),
    reason      TEXT,
    decided_by  UUID REFERENCES people (id),
    decided_at  TIMESTAMPTZ,
    PRIMARY KEY (review_id, access_id)
);
