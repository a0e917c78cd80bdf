-- ASP.NET Core Data Protection key ring, shared by every node (PostgresXmlRepository).
-- One row per XML element the key manager stores: keys ("key-<id>") and revocations.
-- The XML is the key material itself; it is only as secret as this table (see PostgresXmlRepository).

CREATE TABLE IF NOT EXISTS data_protection_keys
(
    friendly_name text        PRIMARY KEY,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
