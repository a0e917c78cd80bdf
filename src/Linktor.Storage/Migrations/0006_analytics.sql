-- Analytics (GET /api/v1/analytics/summary): the milestones a report needs, recorded where the
-- conversation projection is written (ConversationStore), so the message append path stays as it was.

-- A conversation's first inbound message, and the first public reply by an agent or API key after it.
ALTER TABLE conversations ADD COLUMN first_inbound_at timestamptz;
ALTER TABLE conversations ADD COLUMN first_response_at timestamptz;

-- Exact for conversations that predate this migration: both are derived from the message log.
UPDATE conversations c
   SET first_inbound_at = f.first_inbound_at,
       first_response_at = (SELECT min(m.created_at) FROM messages m
                             WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id AND m.direction = 'outbound'
                               AND NOT m.private AND m.sender_type IN ('agent', 'api') AND m.created_at > f.first_inbound_at)
  FROM (SELECT tenant_id, conversation_id, min(created_at) AS first_inbound_at
          FROM messages WHERE direction = 'inbound'
         GROUP BY tenant_id, conversation_id) f
 WHERE c.tenant_id = f.tenant_id AND c.id = f.conversation_id;

-- One row per resolution: a conversation reopened and resolved again has two. opened_at is its creation or
-- the reopening the resolution ends. Resolutions before this migration were never recorded and are not here.
CREATE TABLE conversation_resolutions (
    tenant_id        uuid NOT NULL,
    conversation_id  uuid NOT NULL,
    opened_at        timestamptz NOT NULL,
    resolved_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, resolved_at)
);

-- The report's windows: messages and conversations created, first responses and resolutions, each in a range.
CREATE INDEX messages_created ON messages (tenant_id, created_at);
CREATE INDEX conversations_created ON conversations (tenant_id, created_at);
CREATE INDEX conversations_first_response ON conversations (tenant_id, first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX conversation_resolutions_resolved ON conversation_resolutions (tenant_id, resolved_at);
