-- The version of the grain state each list row was last written from. A conversation, contact or channel writes
-- its grain state (with the events of the change) and then its list row with those events, in one transaction;
-- the row's version says whether that second write happened, so an activation after a crash between the two
-- writes the row and its events then, and never twice.
ALTER TABLE conversations ADD COLUMN state_version bigint NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN state_version bigint NOT NULL DEFAULT 0;
ALTER TABLE channels ADD COLUMN state_version bigint NOT NULL DEFAULT 0;
