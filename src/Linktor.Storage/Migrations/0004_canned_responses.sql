-- Canned responses: a tenant's saved replies, picked in the composer by typing "/" and the short code.
CREATE TABLE canned_responses (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    short_code  text NOT NULL,
    content     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- One short code per tenant: the picker resolves "/code" to exactly one reply.
CREATE UNIQUE INDEX canned_responses_short_code ON canned_responses (tenant_id, short_code);
CREATE INDEX canned_responses_tenant ON canned_responses (tenant_id, created_at DESC, id DESC);
