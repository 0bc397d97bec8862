-- Portal-defined groups and portal-local codes (issue 11). Sites are found by their
-- group when a manager's scope is worked out, a group's page is drawn and a site is
-- moved: index the link. Local codes (LOC-00001, …) are given in turn from one counter
-- row, which every allocation updates first, so two officers adding organisations at
-- once never get the same code on either database.
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE local_codes_given (
    id           INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    last_number  INTEGER NOT NULL
);
INSERT INTO local_codes_given (id, last_number) VALUES (1, 0);
