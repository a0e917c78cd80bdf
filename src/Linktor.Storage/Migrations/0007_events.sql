-- The transactional outbox. Every event (message.created, message.updated, conversation.*, contact.*,
-- channel.updated) is written in the transaction of the change that causes it, so an event exists exactly
-- when its change does. Orleans stream pulling agents read it (one stream queue per `queue` value) and
-- deliver it at least once to the in-cluster consumers, which drop repeats by `id`.
CREATE TABLE events (
    queue            smallint NOT NULL,     -- the stream queue: a hash of the tenant (its stream), mod the queue count
    txid             xid8 NOT NULL DEFAULT pg_current_xact_id(),
    position         bigint GENERATED ALWAYS AS IDENTITY,
    id               uuid NOT NULL,         -- the event id webhooks carry (Linktor-Delivery is per endpoint)
    tenant_id        uuid NOT NULL,         -- the stream: one per tenant, ordered
    name             text NOT NULL,         -- message.created, conversation.updated, ...
    conversation_id  uuid,                  -- message.* and conversation.* events: deliveries are ordered per conversation
    created_at       timestamptz NOT NULL,
    data             text NOT NULL,         -- the resource as the REST API shows it (JSON)
    -- Readers take rows in (txid, position) order and only below the oldest running transaction
    -- (pg_snapshot_xmin(pg_current_snapshot())): a transaction that commits late can then never be skipped.
    PRIMARY KEY (queue, txid, position)
);

-- How far each queue's events have been delivered to every consumer; reading resumes after it. Rows up to it
-- are purged once older than the retention.
CREATE TABLE event_cursors (
    queue       smallint PRIMARY KEY,
    txid        xid8 NOT NULL,
    position    bigint NOT NULL,
    updated_at  timestamptz NOT NULL
);
