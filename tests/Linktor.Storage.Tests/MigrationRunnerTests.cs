using Linktor.Storage.Migrations;
using Linktor.Testing;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

public sealed class MigrationRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void EmbeddedMigrationsAreOrderedByFileNameWithOrleansFirst()
    {
        var names = MigrationRunner.Scripts.Select(s => s.FileName).ToList();

        names.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
        names.Take(2).ShouldBe(["0001_orleans.sql", "0001a_data_protection.sql"]);
        MigrationRunner.Scripts.ShouldAllBe(s => s.Checksum.Length == 64);
    }

    [Fact]
    public async Task MigrationsApplyOnAnEmptyDatabaseAndASecondRunAppliesNothing()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false, ct: Ct);
        var logger = TestOutputLogger.For<MigrationRunnerTests>();

        var first = await MigrationRunner.ApplyAsync(database.DataSource, logger, Ct);
        var second = await MigrationRunner.ApplyAsync(database.DataSource, logger, Ct);

        first.ShouldBe(MigrationRunner.Scripts.Select(s => s.Version).ToList());
        second.ShouldBeEmpty();
        (await RecordedAsync(database.DataSource)).ShouldBe(
            MigrationRunner.Scripts.Select(s => (s.Version, s.Checksum)).ToList());
    }

    [Fact]
    public async Task FiveRunnersStartedTogetherApplyEachMigrationExactlyOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false, ct: Ct);
        var dataSources = Enumerable.Range(0, 5).Select(_ => database.CreateDataSource()).ToList();
        try
        {
            using var start = new Barrier(dataSources.Count);
            var runs = dataSources.Select(dataSource => Task.Run(
                async () =>
                {
                    start.SignalAndWait(Ct);
                    return await MigrationRunner.ApplyAsync(dataSource, TestOutputLogger.For<MigrationRunnerTests>(), Ct);
                },
                Ct));

            var applied = await Task.WhenAll(runs);

            applied.SelectMany(versions => versions).Order(StringComparer.Ordinal)
                .ShouldBe(MigrationRunner.Scripts.Select(s => s.Version).ToList());
            (await RecordedAsync(database.DataSource)).Count.ShouldBe(MigrationRunner.Scripts.Count);
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AChangedChecksumFailsWithTheFileNameInTheMessage()
    {
        await using var database = await PostgresDatabase.CreateAsync(ct: Ct);
        await using (var tamper = database.DataSource.CreateCommand(
            "UPDATE schema_migrations SET checksum = 'not-the-checksum' WHERE version = '0001_orleans'"))
        {
            (await tamper.ExecuteNonQueryAsync(Ct)).ShouldBe(1);
        }

        var error = await Should.ThrowAsync<MigrationChecksumException>(
            () => MigrationRunner.ApplyAsync(database.DataSource, TestOutputLogger.For<MigrationRunnerTests>(), Ct));

        error.FileName.ShouldBe("0001_orleans.sql");
        error.Message.ShouldContain("0001_orleans.sql");
    }

    [Fact]
    public async Task AFailingMigrationIsRolledBackAndNamedInTheError()
    {
        await using var database = await PostgresDatabase.CreateAsync(migrate: false, ct: Ct);
        // A function with writetostorage's arguments but another result type: CREATE OR REPLACE must fail.
        await using (var clash = database.DataSource.CreateCommand(
            "CREATE FUNCTION writetostorage(integer, bigint, bigint, integer, varchar, varchar, varchar, integer, bytea) " +
            "RETURNS integer LANGUAGE sql AS 'SELECT 0'"))
        {
            await clash.ExecuteNonQueryAsync(Ct);
        }

        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => MigrationRunner.ApplyAsync(database.DataSource, TestOutputLogger.For<MigrationRunnerTests>(), Ct));

        error.Message.ShouldContain("0001_orleans.sql");
        (await RecordedAsync(database.DataSource)).ShouldBeEmpty();
        await using var leftovers = database.DataSource.CreateCommand("SELECT to_regclass('orleansquery') IS NULL");
        (await leftovers.ExecuteScalarAsync(Ct)).ShouldBe(true, "the failed script's tables are rolled back");
    }

    [Fact]
    public async Task TheLockIsReleasedAfterARun()
    {
        await using var database = await PostgresDatabase.CreateAsync(ct: Ct);
        await using var other = database.CreateDataSource();

        await using var tryLock = other.CreateCommand("SELECT pg_try_advisory_lock(@key)");
        tryLock.Parameters.AddWithValue("key", MigrationRunner.AdvisoryLockKey);

        (await tryLock.ExecuteScalarAsync(Ct)).ShouldBe(true);
    }

    [Fact]
    public async Task TheOrleansScriptCanRunAgainOnAMigratedDatabase()
    {
        await using var database = await PostgresDatabase.CreateAsync(ct: Ct);
        var script = MigrationRunner.Scripts.Single(s => s.FileName == "0001_orleans.sql");

        await using var again = database.DataSource.CreateCommand(script.Sql);
        await again.ExecuteNonQueryAsync(Ct);

        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM OrleansQuery");
        (await count.ExecuteScalarAsync(Ct)).ShouldBe(21L);
    }

    private static async Task<List<(string Version, string Checksum)>> RecordedAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT version, checksum FROM schema_migrations ORDER BY version COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }
}
