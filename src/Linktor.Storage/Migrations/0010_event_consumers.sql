-- What the in-cluster consumers of the events stream keep durably.

-- Webhook deliveries are ordered per endpoint and conversation: a delivery is due only once the ones before it of
-- the same endpoint and conversation are finished (next_attempt_at stays NULL while it waits behind them), so one
-- slow or failing endpoint holds back only its own later events of that conversation.
ALTER TABLE webhook_deliveries ADD COLUMN conversation_id uuid;
ALTER TABLE webhook_deliveries ADD COLUMN sequence bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, conversation_id, sequence)
    WHERE status = 'pending' AND conversation_id IS NOT NULL;
CREATE INDEX webhook_deliveries_waiting ON webhook_deliveries (sequence)
    WHERE status = 'pending' AND next_attempt_at IS NULL;

-- Copies of inbound attachments that providers keep for a while only (WhatsApp media ids lapse after 7 days):
-- one row per message, queued by the stream consumer when the message is stored, claimed by any silo's copier.
CREATE TABLE media_copies (
    message_id       uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'copied', 'failed')),
    attempt_count    int NOT NULL DEFAULT 0,
    error            text,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz,            -- while pending: when it is due (or when a copier's claim lapses)
    finished_at      timestamptz
);
CREATE INDEX media_copies_due ON media_copies (next_attempt_at) WHERE status = 'pending';
CREATE INDEX media_copies_finished ON media_copies (finished_at) WHERE status <> 'pending';
