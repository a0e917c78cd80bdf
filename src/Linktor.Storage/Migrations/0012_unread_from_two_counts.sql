-- A conversation's unread count had two writers: each inbound append set it, and marking read set it again from the
-- grain's state. It is now the difference of two counts with one writer each: inbound_count, raised by the appends
-- (in the append's statement, by the messages it stored, so order does not matter), and read_inbound_count, how
-- many of those the agents have read, written with the state. unread_count stays as a column for the readers.
ALTER TABLE conversations
    ADD COLUMN inbound_count integer NOT NULL DEFAULT 0,
    ADD COLUMN read_inbound_count integer NOT NULL DEFAULT 0;

UPDATE conversations c
   SET inbound_count = n.inbound
  FROM (SELECT tenant_id, conversation_id, count(*)::int AS inbound
          FROM messages WHERE direction = 'inbound'
         GROUP BY tenant_id, conversation_id) n
 WHERE c.tenant_id = n.tenant_id AND c.id = n.conversation_id;

UPDATE conversations SET read_inbound_count = greatest(inbound_count - unread_count, 0);

ALTER TABLE conversations DROP COLUMN unread_count;
ALTER TABLE conversations
    ADD COLUMN unread_count integer GENERATED ALWAYS AS (inbound_count - read_inbound_count) STORED;
