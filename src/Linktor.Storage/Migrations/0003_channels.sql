-- Provider channels (issue 3): contacts edit messages they sent (Telegram edited_message).
ALTER TABLE messages ADD COLUMN edited_at timestamptz;
