-- Adoption counts kept per organisation (issue 11), so the overview reads one row per
-- organisation instead of recounting every request and device. Kept exact in the same
-- transaction as each change by db/src/repo/adoption/kept.rs; filled here from the rows
-- already there. Keyed by the ODS code the requests carry (a request names its
-- organisation by code, and a code never changes).
CREATE TABLE adoption_counts (
    ods_code        TEXT PRIMARY KEY NOT NULL,
    -- People (email addresses) with at least one request.
    requested       BIGINT NOT NULL DEFAULT 0,
    -- People with at least one active device; of them, with one from a request that gave
    -- a personal / business phone.
    registered      BIGINT NOT NULL DEFAULT 0,
    personal        BIGINT NOT NULL DEFAULT 0,
    business        BIGINT NOT NULL DEFAULT 0,
    -- Requests at each open stage, and rejected.
    review          BIGINT NOT NULL DEFAULT 0,
    approved        BIGINT NOT NULL DEFAULT 0,
    verified        BIGINT NOT NULL DEFAULT 0,
    link_sent       BIGINT NOT NULL DEFAULT 0,
    rejected        BIGINT NOT NULL DEFAULT 0,
    -- The latest step of any request, and the latest device registered.
    last_activity   TIMESTAMPTZ,
    last_enrolment  TIMESTAMPTZ
);

-- Enrolled requests by whole days from request to first device: the median and 90th
-- percentile are read from this.
CREATE TABLE adoption_days (
    ods_code  TEXT NOT NULL,
    days      BIGINT NOT NULL,
    requests  BIGINT NOT NULL,
    PRIMARY KEY (ods_code, days)
);

-- Figures that depend on "now" stay live, read from small indexes: stale requests from
-- the open ones only (per organisation, by the time of their last step) ...
CREATE INDEX registration_open_by_org ON registration_requests (ods_code, last_step_at)
    WHERE state IN ('submitted', 'in_review', 'approved', 'meeting_booked', 'identity_verified',
        'link_sent', 'link_expired');
-- ... and the last four weeks' enrolments, time first, from the devices alone: each device
-- carries its request's organisation (set when it is registered; a request's code never
-- changes), so the count needs no lookup of each device's request.
ALTER TABLE devices ADD COLUMN ods_code TEXT;
UPDATE devices SET ods_code =
    (SELECT r.ods_code FROM registration_requests r WHERE r.id = devices.request_id);
CREATE INDEX devices_recent_by_org ON devices (registered_at, ods_code, request_id);
-- An organisation's latest step, found without reading its requests.
CREATE INDEX registration_org_step ON registration_requests (ods_code, last_step_at);

INSERT INTO adoption_counts (ods_code, requested, review, approved, verified, link_sent,
    rejected, last_activity)
SELECT ods_code, COUNT(DISTINCT email_key),
    SUM(CASE WHEN state IN ('submitted', 'in_review') THEN 1 ELSE 0 END),
    SUM(CASE WHEN state IN ('approved', 'meeting_booked') THEN 1 ELSE 0 END),
    SUM(CASE WHEN state = 'identity_verified' THEN 1 ELSE 0 END),
    SUM(CASE WHEN state IN ('link_sent', 'link_expired') THEN 1 ELSE 0 END),
    SUM(CASE WHEN state = 'rejected' THEN 1 ELSE 0 END),
    MAX(last_step_at)
FROM registration_requests GROUP BY ods_code;

UPDATE adoption_counts SET
    registered = (SELECT COUNT(DISTINCT d.person_email) FROM devices d
        JOIN registration_requests r ON r.id = d.request_id
        WHERE r.ods_code = adoption_counts.ods_code AND d.removed_at IS NULL),
    personal = (SELECT COUNT(DISTINCT d.person_email) FROM devices d
        JOIN registration_requests r ON r.id = d.request_id
        WHERE r.ods_code = adoption_counts.ods_code AND d.removed_at IS NULL
            AND r.phone_kind = 'personal'),
    business = (SELECT COUNT(DISTINCT d.person_email) FROM devices d
        JOIN registration_requests r ON r.id = d.request_id
        WHERE r.ods_code = adoption_counts.ods_code AND d.removed_at IS NULL
            AND r.phone_kind = 'business'),
    last_enrolment = (SELECT MAX(d.registered_at) FROM devices d
        JOIN registration_requests r ON r.id = d.request_id
        WHERE r.ods_code = adoption_counts.ods_code);

INSERT INTO adoption_days (ods_code, days, requests)
SELECT ods_code, CAST(FLOOR(EXTRACT(EPOCH FROM (at - requested_at)) / 86400) AS BIGINT) AS d, COUNT(*)
FROM (SELECT r.id, r.ods_code, r.requested_at, MIN(dv.registered_at) AS at
      FROM registration_requests r JOIN devices dv ON dv.request_id = r.id
      GROUP BY r.id, r.ods_code, r.requested_at) f
GROUP BY ods_code, d;
