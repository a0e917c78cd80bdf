-- Retention and erasure (issue 17).

-- A tenant's retention: messages (with their status history and attachments) and attachments alone are deleted once
-- older than this many days. NULL keeps them forever, the default.
ALTER TABLE tenants
    ADD COLUMN retention_messages_days integer CHECK (retention_messages_days BETWEEN 1 AND 36500),
    ADD COLUMN retention_media_days integer CHECK (retention_media_days BETWEEN 1 AND 36500);

-- The daily sweep runs on one silo of the cluster (it holds an advisory lock while it runs) and at most once a day:
-- this row says when it last finished.
CREATE TABLE retention_sweeps (
    name         text PRIMARY KEY,
    finished_at  timestamptz NOT NULL
);

-- That an erasure happened: who asked and what it removed. No personal data: the contact's id names a row that no
-- longer exists anywhere.
CREATE TABLE erasures (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL,
    contact_id          uuid NOT NULL,
    erased_by           uuid NOT NULL,       -- the user or API key that asked
    erased_at           timestamptz NOT NULL,
    conversations       integer NOT NULL,
    messages            integer NOT NULL,
    identities          integer NOT NULL,
    media_files         integer NOT NULL,
    webhook_deliveries  integer NOT NULL,
    events              integer NOT NULL
);
CREATE INDEX erasures_tenant ON erasures (tenant_id, erased_at DESC);

CREATE INDEX webhook_deliveries_conversation ON webhook_deliveries (tenant_id, conversation_id) WHERE conversation_id IS NOT NULL;

-- Attachments whose messages were deleted (or aged past the media period), waiting for their files to be deleted.
-- Written in the transaction that deletes the messages, emptied once the files are gone, so neither a crash nor the
-- media store's latency holds a transaction open: the deleting statement never waits on file I/O.
CREATE TABLE media_deletions (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           uuid NOT NULL,
    upload_id           text,                -- an upload (/media/{id}) the message referred to
    inbound_message_id  uuid,                -- the message whose inbound copy to delete
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- A message whose attachment the media period removed (the message itself is kept).
ALTER TABLE messages ADD COLUMN media_deleted_at timestamptz;
-- The media period's daily search: a tenant's old messages with an attachment still kept.
CREATE INDEX messages_media_kept ON messages (tenant_id, created_at) WHERE content ? 'media' AND media_deleted_at IS NULL;
