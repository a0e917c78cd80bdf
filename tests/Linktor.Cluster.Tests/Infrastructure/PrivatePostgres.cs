using System.Globalization;
using Linktor.Testing;
using Npgsql;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own, in a folder of its workspace: started with deploy/local/lib.sh's
/// <c>linktor_pg_start</c> (which runs it as the <c>postgres</c> OS user under root), or one a restore script started on
/// a data folder it laid down. Its <see cref="ConnectionString"/> names the <c>linktor</c> database.
/// </summary>
public sealed class PrivatePostgres
{
    public const string Database = "linktor";

    private PrivatePostgres(string dataDir, string connectionString)
    {
        DataDir = dataDir;
        ConnectionString = connectionString;
    }

    /// <summary>The data folder as the test named it (lib.sh may keep the files elsewhere and link them here).</summary>
    public string DataDir { get; }

    /// <summary>What a node and the backup scripts connect with: Npgsql's form, no pooling (servers here stop and go).</summary>
    public string ConnectionString { get; }

    public string Password => new NpgsqlConnectionStringBuilder(ConnectionString).Password!;

    /// <summary>
    /// initdb and start on a free port (recorded in <paramref name="portRegistry"/>); with <paramref name="createDatabase"/>,
    /// an empty <see cref="Database"/> too (a restore may want to make it itself).
    /// </summary>
    public static async Task<PrivatePostgres> StartAsync(string dataDir, string portRegistry, bool createDatabase = true)
    {
        var output = await Shell.RunAsync($"""
            source deploy/local/lib.sh
            export LINKTOR_PORT_REGISTRY={Shell.Quote(portRegistry)}
            linktor_pg_start {Shell.Quote(dataDir)} >&2
            {(createDatabase ? $"linktor_pg_createdb {Database} >&2" : "")}
            linktor_pg_connstr {Database}
            """);
        return new PrivatePostgres(dataDir, output.Trim() + ";Pooling=false");
    }

    /// <summary>A server started on <paramref name="dataDir"/> by something else (restore-pitr.sh), on <paramref name="port"/>.</summary>
    public static PrivatePostgres Running(string dataDir, int port, string password) => new(dataDir, new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Password = password,
        Database = Database,
        Pooling = false,
    }.ConnectionString);

    /// <summary>
    /// Where the server's files really are: <paramref name="dataDir"/>, or the folder under /var/lib/linktor that lib.sh links it
    /// to when the <c>postgres</c> OS user cannot reach the workspace. Prepares the link, not the folder.
    /// </summary>
    public static async Task<string> RealDataDirAsync(string dataDir) => (await Shell.RunAsync($"""
        source deploy/local/lib.sh
        _lk_pg_env
        _lk_pg_resolve {Shell.Quote(dataDir)} create
        printf '%s' "$_LK_PGDATA"
        """)).Trim();

    /// <summary>
    /// Turns on WAL archiving into <paramref name="archiveDir"/> with deploy/backup/wal-archiving.conf (its folder replaced), as
    /// its comments tell an operator to, and restarts the server (archive_mode changes only with a restart; the port stays).
    /// </summary>
    public Task ArchiveWalAsync(string archiveDir) => Shell.RunAsync($"""
        source deploy/local/lib.sh
        _lk_pg_env
        data=$(readlink -f {Shell.Quote(DataDir)})
        archive={Shell.Quote(archiveDir)}
        mkdir -p "$archive" && _lk_chown_pg "$archive" && chmod 700 "$archive"
        sed "s#/var/lib/postgresql/wal-archive#$archive#g" deploy/backup/wal-archiving.conf >"$data/wal-archiving.conf"
        _lk_chown_pg "$data/wal-archiving.conf"
        printf "\ninclude 'wal-archiving.conf'\n" >>"$data/postgresql.conf"
        _lk_as_pg "$LINKTOR_PG_BIN/pg_ctl" -D "$data" -l "$data.log" -w -t 60 -s restart
        """);

    /// <summary>Closes the current WAL segment and waits until the archiver has copied it: everything committed so far is in the archive.</summary>
    public async Task ArchiveCurrentWalAsync(TimeSpan timeout)
    {
        var segment = await ScalarAsync<string>("SELECT pg_walfile_name(pg_switch_wal())");
        await Eventually.TrueAsync(
            async () => string.CompareOrdinal(await ScalarAsync<string>("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver"), segment) >= 0,
            timeout, $"the archiver copies WAL segment {segment}");
    }

    /// <summary>The server's clock now, as a timestamp PostgreSQL reads back exactly (microseconds, UTC).</summary>
    public Task<string> NowAsync() =>
        ScalarAsync<string>("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Fast shutdown (no-op when it is not running): nothing can use this database any more.</summary>
    public Task StopAsync() => Shell.RunAsync($"source deploy/local/lib.sh\nlinktor_pg_stop {Shell.Quote(DataDir)}");

    /// <summary>Stops the server and deletes its files (of a run that died, too: a no-op when there is nothing).</summary>
    public static Task DestroyAsync(string dataDir) => Shell.RunAsync($"source deploy/local/lib.sh\nlinktor_pg_destroy {Shell.Quote(dataDir)}");
}
