-- Outbound webhooks: a tenant's endpoints; one delivery per endpoint and event; every attempt logged.
CREATE TABLE webhooks (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    url         text NOT NULL,
    events      text[] NOT NULL,
    status      text NOT NULL CHECK (status IN ('active', 'disabled')),
    secret      text NOT NULL,          -- Data Protection ciphertext: it signs, so it must be read back
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id, created_at DESC, id DESC);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL,
    webhook_id       uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         uuid NOT NULL,
    event            text NOT NULL,
    payload          text NOT NULL,     -- the exact body: every retry sends (and signs) the same bytes
    status           text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempt_count    int NOT NULL DEFAULT 0,
    response_status  int,
    error            text,
    created_at       timestamptz NOT NULL,
    last_attempt_at  timestamptz,
    next_attempt_at  timestamptz,       -- while pending: when it is due (or when a worker's claim lapses)
    delivered_at     timestamptz
);
-- An event reaches an endpoint once, however often the writer retries a batch.
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (webhook_id, event_id);
-- The delivery workers' queue.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
-- Retention: finished deliveries are purged after a while.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE status <> 'pending';

CREATE TABLE webhook_attempts (
    delivery_id      uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt          int NOT NULL,
    attempted_at     timestamptz NOT NULL,
    response_status  int,
    error            text,
    duration_ms      int NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
