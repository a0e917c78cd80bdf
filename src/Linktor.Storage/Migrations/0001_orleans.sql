-- Orleans ADO.NET schema for PostgreSQL: query catalogue, grain persistence, reminders, clustering.
--
-- Where the contract comes from (dotnet/orleans, read for Orleans 10.4.2, source commit 876ffe0):
--   src/AdoNet/Shared/PostgreSQL-Main.sql                                  OrleansQuery
--   src/AdoNet/Orleans.Persistence.AdoNet/PostgreSQL-Persistence.sql       + Migrations/PostgreSQL-Persistence-3.6.0.sql
--   src/AdoNet/Orleans.Reminders.AdoNet/PostgreSQL-Reminders.sql           + Migrations/PostgreSQL-Reminders-3.6.0.sql
--   src/AdoNet/Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql         + Migrations/PostgreSQL-Clustering-3.6.0.sql,
--                                                                            -3.7.0.sql and -AtomicWrites.sql
-- and the providers' own code (which keys they load, which parameters they bind, which columns they read).
-- This file is the final state of those scripts, written for us; it is not a copy of them.
--
-- The contract, in short:
--   * Orleans only ever runs the texts stored in OrleansQuery. It binds parameters BY NAME (@Name) and reads
--     result columns BY NAME (case-insensitively), so names matter and column order does not.
--   * Persistence loads WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and DeleteStorageKey (the last
--     only needed with DeleteStateOnClear=true). Reminders and clustering load every row and fail start-up with
--     "Not all required queries found" if one of theirs is missing.
--   * Versions (ETags) are integers; a write succeeds only against the version the caller read.
--   * Every timestamp is timestamptz: Npgsql 6+ writes DateTime(Kind=Utc) only to timestamptz (Orleans PRs
--     #7402, #7714; the 3.6.0 migrations moved every column to it).
--
-- Runs once, inside one transaction opened by MigrationRunner; it is also safe to run again by hand
-- (IF NOT EXISTS, CREATE OR REPLACE, upserted query texts).

-- ---------------------------------------------------------------------------------------------------------
-- Query catalogue (Main)
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

-- ---------------------------------------------------------------------------------------------------------
-- Grain persistence
-- ---------------------------------------------------------------------------------------------------------
-- One row per (grain, state name). Upstream has no unique constraint here (GrainIdExtensionString is nullable
-- and part of the identity), only this lookup index; writetostorage below serialises the first INSERT instead.
-- GrainTypeString holds the state name ([PersistentState("name")]), not the grain class.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON OrleansStorage USING btree (GrainIdHash, GrainTypeHash);

-- Optimistic concurrency, exactly as upstream:
--   * version NULL (state never read or never written): INSERT version 1 unless a row exists; returns 1, or NULL
--     if a row already exists;
--   * version N: UPDATE ... WHERE Version = N, setting N + 1; returns N + 1, or N unchanged if nobody had N.
-- The provider raises InconsistentStateException when the returned version equals the ETag it sent (or is NULL
-- while it sent one), so "returns its input" is how a conflict is reported.
-- Two deliberate differences from upstream, neither visible through the contract:
--   * the INSERT path takes a transaction-scoped advisory lock on the grain's hashes first. Upstream's comment
--     says this path "locks rather pessimistically", but its INSERT ... WHERE NOT EXISTS does not lock, so two
--     activations racing under READ COMMITTED (split brain) can both insert and leave a duplicate row that
--     every later read trips over. With the lock the loser sees the winner's row and gets NULL back.
--   * ModifiedOn is set with now(). Upstream's UPDATE path stores (now() at time zone 'utc'), a timestamp
--     without time zone that PostgreSQL then reinterprets in the session TimeZone, which is only right in UTC.
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        varchar,
    _grainidextensionstring varchar,
    _serviceid              varchar,
    _grainstateversion      integer,
    _payloadbinary          bytea)
    RETURNS TABLE (newgrainstateversion integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _newgrainstateversion integer := _grainstateversion;
    _rowcount             integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage
        SET PayloadBinary = _payloadbinary,
            ModifiedOn    = now(),
            Version       = Version + 1
        WHERE GrainIdHash = _grainidhash AND _grainidhash IS NOT NULL
          AND GrainTypeHash = _graintypehash AND _graintypehash IS NOT NULL
          AND GrainIdN0 = _grainidn0 AND _grainidn0 IS NOT NULL
          AND GrainIdN1 = _grainidn1 AND _grainidn1 IS NOT NULL
          AND GrainTypeString = _graintypestring AND _graintypestring IS NOT NULL
          AND ((_grainidextensionstring IS NOT NULL AND GrainIdExtensionString IS NOT NULL
                AND GrainIdExtensionString = _grainidextensionstring)
               OR (_grainidextensionstring IS NULL AND GrainIdExtensionString IS NULL))
          AND ServiceId = _serviceid AND _serviceid IS NOT NULL
          AND Version IS NOT NULL AND Version = _grainstateversion;

        GET DIAGNOSTICS _rowcount = ROW_COUNT;
        IF _rowcount > 0 THEN
            _newgrainstateversion := _grainstateversion + 1;
        END IF;
    ELSE
        PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring, _grainidextensionstring,
               _serviceid, _payloadbinary, now(), 1
        WHERE NOT EXISTS (
            SELECT 1
            FROM OrleansStorage
            WHERE GrainIdHash = _grainidhash AND _grainidhash IS NOT NULL
              AND GrainTypeHash = _graintypehash AND _graintypehash IS NOT NULL
              AND GrainIdN0 = _grainidn0 AND _grainidn0 IS NOT NULL
              AND GrainIdN1 = _grainidn1 AND _grainidn1 IS NOT NULL
              AND GrainTypeString = _graintypestring AND _graintypestring IS NOT NULL
              AND ((_grainidextensionstring IS NOT NULL AND GrainIdExtensionString IS NOT NULL
                    AND GrainIdExtensionString = _grainidextensionstring)
                   OR (_grainidextensionstring IS NULL AND GrainIdExtensionString IS NULL))
              AND ServiceId = _serviceid AND _serviceid IS NOT NULL);

        GET DIAGNOSTICS _rowcount = ROW_COUNT;
        IF _rowcount > 0 THEN
            _newgrainstateversion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newgrainstateversion;
END
$function$;

-- ---------------------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------------------
-- GrainId stores GrainId.ToString() ("type/key"). Period is in milliseconds; the provider binds an int, or a
-- bigint when it exceeds int.MaxValue, and reads it back with GetInt64. Upstream main has since added cron
-- columns (CronExpression, NextDueUtc, ...); the 10.4.2 provider neither binds nor reads them.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Inserts version 0 or bumps the version; returns the new version.
CREATE OR REPLACE FUNCTION upsert_reminder_row(
    serviceidarg    varchar,
    grainidarg      varchar,
    remindernamearg varchar,
    starttimearg    timestamptz,
    periodarg       bigint,
    grainhasharg    integer)
    RETURNS TABLE (version integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _version integer := 0;
BEGIN
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (serviceidarg, grainidarg, remindernamearg, starttimearg, periodarg, grainhasharg, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime,
            Period    = excluded.Period,
            GrainHash = excluded.GrainHash,
            Version   = r.Version + 1
    RETURNING r.Version INTO STRICT _version;

    RETURN QUERY SELECT _version;
END
$function$;

-- Deletes only the version the caller holds; returns the number of rows deleted (read as a boolean).
CREATE OR REPLACE FUNCTION delete_reminder_row(
    serviceidarg    varchar,
    grainidarg      varchar,
    remindernamearg varchar,
    versionarg      integer)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rowcount integer := 0;
BEGIN
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = serviceidarg AND serviceidarg IS NOT NULL
      AND GrainId = grainidarg AND grainidarg IS NOT NULL
      AND ReminderName = remindernamearg AND remindernamearg IS NOT NULL
      AND Version = versionarg AND versionarg IS NOT NULL;

    GET DIAGNOSTICS _rowcount = ROW_COUNT;
    RETURN QUERY SELECT _rowcount;
END
$function$;

-- ---------------------------------------------------------------------------------------------------------
-- Clustering (membership)
-- ---------------------------------------------------------------------------------------------------------
-- DeploymentId holds the ClusterId. One version row per cluster; every membership change bumps it
-- conditionally (WHERE Version = @Version), which is how Orleans detects concurrent membership writes.
-- SiloStatus: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Heartbeat. Never moves IAmAliveTime backwards (a delayed heartbeat must not undo a newer one).
CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id   varchar,
    address_arg     varchar,
    port_arg        integer,
    generation_arg  integer,
    i_am_alive_time timestamptz)
    RETURNS void
    LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE OrleansMembershipTable AS d
    SET IAmAliveTime = GREATEST(d.IAmAliveTime, i_am_alive_time)
    WHERE d.DeploymentId = deployment_id AND deployment_id IS NOT NULL
      AND d.Address = address_arg AND address_arg IS NOT NULL
      AND d.Port = port_arg AND port_arg IS NOT NULL
      AND d.Generation = generation_arg AND generation_arg IS NOT NULL;
END
$function$;

-- Returns 1 when this call created the cluster's version row, 0 when it already existed.
CREATE OR REPLACE FUNCTION insert_membership_version(deploymentidarg varchar)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rowcount integer := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (deploymentidarg)
    ON CONFLICT (DeploymentId) DO NOTHING;

    GET DIAGNOSTICS _rowcount = ROW_COUNT;
    RETURN QUERY SELECT _rowcount;
END
$function$;

-- insert_membership and update_membership change two tables atomically and return 1, or change nothing and
-- return 0. The partial change is undone by raising inside a sub-block (a savepoint) and catching it. Upstream
-- first used ASSERT for that, which is a no-op when plpgsql.check_asserts is off; its AtomicWrites update
-- raises explicitly, as here. The version must also stay below int.MaxValue (it is read into an int).
CREATE OR REPLACE FUNCTION insert_membership(
    deploymentidarg varchar,
    addressarg      varchar,
    portarg         integer,
    generationarg   integer,
    silonamearg     varchar,
    hostnamearg     varchar,
    statusarg       integer,
    proxyportarg    integer,
    starttimearg    timestamptz,
    iamalivetimearg timestamptz,
    versionarg      integer)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rowcount integer := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
        SET Timestamp = now(),
            Version   = Version + 1
        WHERE DeploymentId = deploymentidarg AND deploymentidarg IS NOT NULL
          AND Version = versionarg AND versionarg IS NOT NULL
          AND Version < 2147483647;

        GET DIAGNOSTICS _rowcount = ROW_COUNT;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT deploymentidarg, addressarg, portarg, generationarg, silonamearg, hostnamearg, statusarg,
               proxyportarg, starttimearg, iamalivetimearg
        WHERE _rowcount > 0
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

        GET DIAGNOSTICS _rowcount = ROW_COUNT;
        IF _rowcount = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT _rowcount;
    EXCEPTION
        WHEN assert_failure THEN
            RETURN QUERY SELECT 0;
    END;
END
$function$;

CREATE OR REPLACE FUNCTION update_membership(
    deploymentidarg varchar,
    addressarg      varchar,
    portarg         integer,
    generationarg   integer,
    statusarg       integer,
    suspecttimesarg varchar,
    iamalivetimearg timestamptz,
    versionarg      integer)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _rowcount integer := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
        SET Timestamp = now(),
            Version   = Version + 1
        WHERE DeploymentId = deploymentidarg AND deploymentidarg IS NOT NULL
          AND Version = versionarg AND versionarg IS NOT NULL
          AND Version < 2147483647;

        GET DIAGNOSTICS _rowcount = ROW_COUNT;

        UPDATE OrleansMembershipTable
        SET Status       = statusarg,
            SuspectTimes = suspecttimesarg,
            IAmAliveTime = GREATEST(IAmAliveTime, iamalivetimearg)
        WHERE DeploymentId = deploymentidarg AND deploymentidarg IS NOT NULL
          AND Address = addressarg AND addressarg IS NOT NULL
          AND Port = portarg AND portarg IS NOT NULL
          AND Generation = generationarg AND generationarg IS NOT NULL
          AND _rowcount > 0;

        GET DIAGNOSTICS _rowcount = ROW_COUNT;
        IF _rowcount = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT _rowcount;
    EXCEPTION
        WHEN assert_failure THEN
            RETURN QUERY SELECT 0;
    END;
END
$function$;

-- ---------------------------------------------------------------------------------------------------------
-- The query texts. Dollar-quoted so they read as SQL; upserted so a re-run refreshes them.
-- ---------------------------------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Persistence. K = @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
-- @GrainIdExtensionString, @ServiceId.
(
    'WriteToStorageKey', $q$
    SELECT NewGrainStateVersion
    FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$q$
),
(
    'ReadFromStorageKey', $q$
    SELECT PayloadBinary, ModifiedOn, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
            AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
$q$
),
(
    -- The provider reads the first column of the first row as the new version.
    'ClearStorageKey', $q$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn    = now(),
        Version       = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
            AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version AS NewGrainStateVersion;
$q$
),
(
    -- Used instead of ClearStorageKey when DeleteStateOnClear = true.
    'DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
            AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version + 1 AS NewGrainStateVersion;
$q$
),
-- Reminders. Reads return GrainId, ReminderName, StartTime, Period, Version.
(
    'UpsertReminderRowKey', $q$
    SELECT Version
    FROM upsert_reminder_row(@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash);
$q$
),
(
    'ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND GrainId = @GrainId AND @GrainId IS NOT NULL;
$q$
),
(
    'ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND GrainId = @GrainId AND @GrainId IS NOT NULL
      AND ReminderName = @ReminderName AND @ReminderName IS NOT NULL;
$q$
),
(
    -- Used when (int)BeginHash < (int)EndHash: the ring range does not wrap.
    'ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND GrainHash > @BeginHash AND @BeginHash IS NOT NULL
      AND GrainHash <= @EndHash AND @EndHash IS NOT NULL;
$q$
),
(
    -- Used otherwise: the range wraps around the ring.
    'ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND ((GrainHash > @BeginHash AND @BeginHash IS NOT NULL)
           OR (GrainHash <= @EndHash AND @EndHash IS NOT NULL));
$q$
),
(
    'DeleteReminderRowKey', $q$
    SELECT row_count FROM delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);
$q$
),
(
    'DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
$q$
),
-- Clustering. Membership reads return the version row even when no member matches (LEFT JOIN).
(
    'UpdateIAmAlivetimeKey', $q$
    SELECT update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
$q$
),
(
    'InsertMembershipVersionKey', $q$
    SELECT row_count FROM insert_membership_version(@DeploymentId);
$q$
),
(
    'InsertMembershipKey', $q$
    SELECT row_count
    FROM insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                           @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$
),
(
    'UpdateMembershipKey', $q$
    SELECT row_count
    FROM update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                           @IAmAliveTime, @Version);
$q$
),
(
    'MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m
        ON v.DeploymentId = m.DeploymentId
       AND m.Address = @Address AND @Address IS NOT NULL
       AND m.Port = @Port AND @Port IS NOT NULL
       AND m.Generation = @Generation AND @Generation IS NOT NULL
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
$q$
),
(
    'MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
$q$
),
(
    'DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
$q$
),
(
    'GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Status = @Status AND @Status IS NOT NULL
      AND ProxyPort > 0;
$q$
),
(
    -- Required key; 10.4.2 only runs it when CleanupDefunctSiloEntryKey is absent. Dead rows only, none that
    -- started, beat or was suspected after the cut-off (@IAmAliveTime).
    'CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND IAmAliveTime < @IAmAliveTime
      AND StartTime < @IAmAliveTime
      AND COALESCE(SuspectTimes, '') = ''
      AND Status = 6;
$q$
),
(
    -- Optional key (10.4.2 prefers it): deletes one Dead row only if it still holds the values the provider
    -- read, so a row changed since the read survives. Does not touch the membership version.
    'CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = 6
      AND Address = @Address AND Port = @Port AND Generation = @Generation
      AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
      AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
