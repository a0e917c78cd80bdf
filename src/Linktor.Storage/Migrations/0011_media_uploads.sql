-- Uploads (POST /api/v1/media, POST /api/v1/webchat/{channel}/media): what each weighs against its tenant's quota and
-- whether a message refers to it yet. The row is written before the file, so every file has one: an upload no message
-- took up within Linktor:Media:UnreferencedUploadRetention is found here and deleted, file and row.
CREATE TABLE media_uploads (
    id             text PRIMARY KEY,
    tenant_id      uuid NOT NULL,
    size           bigint NOT NULL CHECK (size >= 0),
    created_at     timestamptz NOT NULL,
    referenced_at  timestamptz,              -- when a message first named it; NULL: collectable once old enough
    visitor        boolean NOT NULL          -- a web-chat visitor's (anonymous) upload
);
CREATE INDEX media_uploads_unreferenced ON media_uploads (created_at) WHERE referenced_at IS NULL;

-- The sum of each tenant's media_uploads.size, kept beside it so that checking the quota locks one row, not a scan;
-- and the part of it that is visitors' uploads no message uses yet (what an anonymous script could pile up).
CREATE TABLE media_usage (
    tenant_id              uuid PRIMARY KEY,
    bytes                  bigint NOT NULL CHECK (bytes >= 0),
    visitor_pending_bytes  bigint NOT NULL CHECK (visitor_pending_bytes >= 0)
);
