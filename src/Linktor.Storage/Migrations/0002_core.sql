-- Linktor's own tables. Grain state lives in OrleansStorage (0001); these are the message log,
-- the identity index and the read models the API queries. Every row carries its tenant_id and
-- every query filters on it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    slug        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    email          text NOT NULL,            -- stored lower-case
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'agent')),
    status         text NOT NULL CHECK (status IN ('active', 'disabled')),
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, email) WHERE deleted_at IS NULL;
CREATE INDEX users_email ON users (email) WHERE deleted_at IS NULL;

-- API keys are random 256-bit secrets, so a plain SHA-256 is the right hash (nothing to brute-force).
CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    name        text NOT NULL,
    scopes      text[] NOT NULL,
    prefix      text NOT NULL,
    key_hash    bytea NOT NULL UNIQUE,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id) WHERE revoked_at IS NULL;

-- An agent session is a family of rotating refresh tokens; reuse of a spent token revokes the family.
CREATE TABLE agent_sessions (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    user_id     uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE TABLE refresh_tokens (
    token_hash  bytea PRIMARY KEY,
    session_id  uuid NOT NULL REFERENCES agent_sessions (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE channels (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    type        text NOT NULL,
    name        text NOT NULL,
    status      text NOT NULL,
    config        jsonb NOT NULL DEFAULT '{}',
    capabilities  jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);
CREATE INDEX channels_tenant ON channels (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE contacts (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    name               text,
    email              text,
    phone              text,
    custom_attributes  jsonb NOT NULL DEFAULT '{}',
    labels             text[] NOT NULL DEFAULT '{}',
    identities         jsonb NOT NULL DEFAULT '[]',
    search_text        text NOT NULL DEFAULT '',   -- lower-case name, email, phone and identities
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    deleted_at         timestamptz
);
CREATE INDEX contacts_tenant ON contacts (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_search ON contacts USING gin (search_text gin_trgm_ops);

-- The identity index: one row per (channel, external id). The primary key is what makes
-- "find or create the contact of this sender" race-free across silos.
CREATE TABLE contact_identities (
    tenant_id        uuid NOT NULL,
    channel_id       uuid NOT NULL,
    external_id      text NOT NULL,
    contact_id       uuid NOT NULL,
    conversation_id  uuid,                        -- the identity's current conversation
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel_id, external_id)
);
CREATE INDEX contact_identities_contact ON contact_identities (tenant_id, contact_id);

-- Conversation list read model, kept current by the conversation grains. The message-derived
-- columns are written in the same statement as the message append (see MessageStore).
CREATE TABLE conversations (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    contact_id        uuid NOT NULL,
    channel_id        uuid NOT NULL,
    channel_type      text NOT NULL,
    contact_address   text NOT NULL,               -- the contact's address on the channel (phone, chat id, visitor id)
    status            text NOT NULL,
    assignee_id       uuid,
    priority          text,
    labels            text[] NOT NULL DEFAULT '{}',
    snoozed_until     timestamptz,
    last_seq          bigint NOT NULL DEFAULT 0,
    last_message_id   uuid,
    unread_count      integer NOT NULL DEFAULT 0,
    last_activity_at  timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX conversations_inbox ON conversations (tenant_id, last_activity_at DESC, id DESC);
CREATE INDEX conversations_status ON conversations (tenant_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_assignee ON conversations (tenant_id, assignee_id, last_activity_at DESC, id DESC);
CREATE INDEX conversations_contact ON conversations (tenant_id, contact_id);
CREATE INDEX conversations_labels ON conversations USING gin (labels);

-- The message log: append-only in order (seq), status columns change as deliveries progress.
-- Uniqueness makes duplicates impossible whatever the application does: one seq per
-- conversation, one provider id per channel, one idempotency key per tenant.
CREATE TABLE messages (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL,
    conversation_id  uuid NOT NULL,
    channel_id       uuid NOT NULL,
    seq              bigint NOT NULL,
    direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    sender_type      text NOT NULL,
    sender_id        uuid,
    content_type     text NOT NULL,
    content          jsonb NOT NULL,
    body             text,                        -- the searchable text of the content
    private          boolean NOT NULL DEFAULT false,
    status           text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
    error_code       text,
    error_message    text,
    external_id      text,
    idempotency_key  text,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    delivered_at     timestamptz,
    read_at          timestamptz,
    attempts         integer NOT NULL DEFAULT 0,  -- outbound send attempts so far
    next_attempt_at  timestamptz                  -- outbound retry schedule
);
CREATE UNIQUE INDEX messages_conversation_seq ON messages (tenant_id, conversation_id, seq);
CREATE UNIQUE INDEX messages_external_id ON messages (tenant_id, channel_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX messages_idempotency_key ON messages (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The durable outbound queue is this partial index: queued outbound messages per channel.
CREATE INDEX messages_outbox ON messages (tenant_id, channel_id, created_at)
    WHERE status = 'queued' AND direction = 'outbound' AND NOT private;
CREATE INDEX messages_body_search ON messages USING gin (body gin_trgm_ops);

CREATE TABLE message_status_history (
    message_id     uuid NOT NULL,
    tenant_id      uuid NOT NULL,
    status         text NOT NULL,
    at             timestamptz NOT NULL,
    error_code     text,
    error_message  text
);
CREATE INDEX message_status_history_message ON message_status_history (message_id, at);

-- Secrets generated on first start when the operator configured none (e.g. the JWT signing key),
-- kept here so that every node of a cluster uses the same one.
CREATE TABLE platform_secrets (
    name        text PRIMARY KEY,
    value       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
