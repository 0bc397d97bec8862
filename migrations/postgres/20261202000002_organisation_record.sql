-- What the portal knows of an organisation beyond CIS2's code and name (issue 11): its
-- kind, country and region, whether it is open, whether its code is the portal's own (a
-- site ODS does not list), and its known headcount with the date it was true and who
-- gave it. A sign-in only refreshes the name, so none of this is lost to one.
ALTER TABLE organisations ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
ALTER TABLE organisations ADD COLUMN country TEXT;
ALTER TABLE organisations ADD COLUMN region TEXT;
ALTER TABLE organisations ADD COLUMN closed_on DATE;
ALTER TABLE organisations ADD COLUMN local_code BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE organisations ADD COLUMN headcount BIGINT;
ALTER TABLE organisations ADD COLUMN headcount_as_of DATE;
ALTER TABLE organisations ADD COLUMN headcount_by UUID REFERENCES people (id);
ALTER TABLE organisations ADD COLUMN headcount_giver TEXT;
