using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Linktor.Storage.Migrations;

/// <summary>
/// Brings a database up to date with the embedded <c>Migrations/*.sql</c> scripts, applied in file-name
/// (ordinal) order and recorded in <c>schema_migrations</c>.
/// </summary>
/// <remarks>
/// <para>Safe to call from every process at start-up: the whole run holds a PostgreSQL session advisory lock
/// (<see cref="AdvisoryLockKey"/>), so concurrent starters queue up and each migration is applied exactly once.
/// Each migration runs in its own transaction together with its <c>schema_migrations</c> row, so a failed
/// script leaves nothing behind and is retried on the next start.</para>
/// <para>Applied migrations are immutable: if an applied script's checksum no longer matches, the run fails
/// with a <see cref="MigrationChecksumException"/> naming the file, before anything is applied.</para>
/// </remarks>
public static class MigrationRunner
{
    /// <summary>The 64-bit key of the session advisory lock held while migrating ("LNKTMIGR" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4C4E_4B54_4D49_4752;

    private const string ResourceMarker = ".Migrations.";

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    text        PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now(),
            checksum   text        NOT NULL
        )
        """;

    private static readonly Lazy<IReadOnlyList<MigrationScript>> EmbeddedScripts = new(LoadEmbeddedScripts);

    /// <summary>The embedded migrations, in the order they are applied.</summary>
    public static IReadOnlyList<MigrationScript> Scripts => EmbeddedScripts.Value;

    /// <summary>Applies every embedded migration the database does not have yet.</summary>
    /// <returns>The versions applied by this call, in order; empty when the database was up to date.</returns>
    /// <exception cref="MigrationChecksumException">An applied migration's file has changed.</exception>
    /// <exception cref="InvalidOperationException">A migration failed (it was rolled back); the message names it.</exception>
    public static async Task<IReadOnlyList<string>> ApplyAsync(
        NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);

        var scripts = Scripts;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await AcquireLockAsync(connection, logger, ct);
        try
        {
            await ExecuteAsync(connection, CreateHistoryTableSql, ct);
            var applied = await ReadAppliedAsync(connection, ct);
            Verify(scripts, applied, logger);

            var appliedNow = new List<string>();
            foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Version)))
            {
                await ApplyOneAsync(connection, script, logger, ct);
                appliedNow.Add(script.Version);
            }

            MigrationLog.UpToDate(logger, scripts.Count);
            return appliedNow;
        }
        finally
        {
            await ReleaseLockAsync(connection);
        }
    }

    private static async Task AcquireLockAsync(NpgsqlConnection connection, ILogger logger, CancellationToken ct)
    {
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        tryLock.Parameters.AddWithValue("key", AdvisoryLockKey);
        if (await tryLock.ExecuteScalarAsync(ct) is true)
        {
            return;
        }

        MigrationLog.WaitingForLock(logger);
        // No command timeout: another process may legitimately hold the lock for a long migration.
        // The caller's token still cancels the wait (Npgsql sends a cancel request).
        await using var waitLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
        waitLock.Parameters.AddWithValue("key", AdvisoryLockKey);
        await waitLock.ExecuteNonQueryAsync(ct);
    }

    private static async Task ReleaseLockAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return; // The session is gone, and its lock with it.
        }

        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection releases the lock by ending the session; don't mask the original error.
        }
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static void Verify(IReadOnlyList<MigrationScript> scripts, Dictionary<string, string> applied, ILogger logger)
    {
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var checksum)
                && !string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
            {
                MigrationLog.ChecksumMismatch(logger, script.FileName, checksum, script.Checksum);
                throw new MigrationChecksumException(script.FileName, checksum, script.Checksum);
            }
        }

        var known = scripts.Select(s => s.Version).ToHashSet(StringComparer.Ordinal);
        foreach (var version in applied.Keys.Where(v => !known.Contains(v)).Order(StringComparer.Ordinal))
        {
            MigrationLog.UnknownApplied(logger, version);
        }
    }

    private static async Task ApplyOneAsync(
        NpgsqlConnection connection, MigrationScript script, ILogger logger, CancellationToken ct)
    {
        MigrationLog.Applying(logger, script.FileName);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction) { CommandTimeout = 0 })
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, applied_at, checksum) VALUES (@version, now(), @checksum)",
                connection,
                transaction))
            {
                record.Parameters.AddWithValue("version", script.Version);
                record.Parameters.AddWithValue("checksum", script.Checksum);
                await record.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"Migration {script.FileName} failed and was rolled back: {ex.Message}", ex);
        }

        MigrationLog.Applied(logger, script.FileName, stopwatch.ElapsedMilliseconds);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<MigrationScript> LoadEmbeddedScripts()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var marker = resource.LastIndexOf(ResourceMarker, StringComparison.Ordinal);
            if (marker < 0 || !resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fileName = resource[(marker + ResourceMarker.Length)..];
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded migration {resource} could not be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            // Normalise line endings so a checkout with CRLF does not look like a changed migration.
            var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add(new MigrationScript(Path.GetFileNameWithoutExtension(fileName), fileName, sql, checksum));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException(
                $"No embedded migrations found in {assembly.GetName().Name}; expected Migrations/*.sql resources.");
        }

        scripts.Sort((a, b) => string.CompareOrdinal(a.FileName, b.FileName));
        return scripts;
    }
}
