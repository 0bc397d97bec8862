-- Requests per state, kept with every change (PostgreSQL), so the queue's counts cost one small
-- read instead of a scan of every request.
CREATE TABLE registration_state_counts (
    state  TEXT PRIMARY KEY NOT NULL,
    n      BIGINT NOT NULL
);
INSERT INTO registration_state_counts (state, n) VALUES
    ('submitted', 0), ('in_review', 0), ('approved', 0), ('rejected', 0), ('meeting_booked', 0),
    ('identity_verified', 0), ('link_sent', 0), ('link_expired', 0), ('enrolled', 0),
    ('cancelled', 0), ('device_removed', 0);
