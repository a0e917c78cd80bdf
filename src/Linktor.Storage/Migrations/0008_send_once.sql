-- One provider send per message. A channel marks a queued message as being sent (sending_since, attempts + 1)
-- in the store BEFORE it calls the provider, and clears the mark with the outcome it records. A queued message
-- found with the mark after a crash may have reached the provider: it is not sent again (the providers Linktor
-- talks to do not deduplicate), but failed with `outcome_unknown`, so a person decides.
ALTER TABLE messages ADD COLUMN sending_since timestamptz;
