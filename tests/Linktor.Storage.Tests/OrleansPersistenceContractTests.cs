using System.Text;
using Linktor.Testing;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>
/// The grain persistence contract, through the query texts stored in OrleansQuery and bound the way
/// AdoNetGrainStorage binds them. The provider reads NewGrainStateVersion (write), PayloadBinary and Version
/// (read), and the first column (clear/delete); it reports a conflict when the version it gets back equals the
/// ETag it sent, or is missing.
/// </summary>
public sealed class OrleansPersistenceContractTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WritesFollowOptimisticConcurrencyOnVersion()
    {
        var key = NewKey();

        (await WriteAsync(key, null, "one")).ShouldBe(1);
        (await WriteAsync(key, 1, "two")).ShouldBe(2);
        (await WriteAsync(key, 1, "stale")).ShouldBe(1, "a stale version comes back unchanged: no new version");
        (await WriteAsync(key, 5, "future")).ShouldBe(5);

        (await ReadAsync(fixture.DataSource, key)).ShouldBe(("two", 2));
    }

    [Fact]
    public async Task AFirstWriteForAStateThatExistsReturnsNoVersion()
    {
        var key = NewKey();
        (await WriteAsync(key, null, "first")).ShouldBe(1);

        (await WriteAsync(key, null, "second")).ShouldBeNull();

        (await ReadAsync(fixture.DataSource, key)).ShouldBe(("first", 1));
    }

    [Fact]
    public async Task ReadingAStateNeverWrittenReturnsNoRow()
    {
        (await ReadAsync(fixture.DataSource, NewKey())).ShouldBeNull();
    }

    [Fact]
    public async Task ConcurrentFirstWritesCreateExactlyOneRow()
    {
        var key = NewKey();
        var dataSources = Enumerable.Range(0, 8).Select(_ => fixture.Database.CreateDataSource()).ToList();
        try
        {
            using var start = new Barrier(dataSources.Count);
            var writes = dataSources.Select((dataSource, i) => Task.Run(
                async () =>
                {
                    await using var command = await OrleansCommand.CreateAsync(dataSource, "WriteToStorageKey", Ct);
                    key.Bind(command).With("GrainStateVersion", (int?)null).With("PayloadBinary", Payload($"writer {i}"));
                    start.SignalAndWait(Ct);
                    return (int?)await command.ScalarAsync(Ct);
                },
                Ct));

            var versions = await Task.WhenAll(writes);

            versions.Count(v => v == 1).ShouldBe(1);
            versions.Count(v => v is null).ShouldBe(dataSources.Count - 1);
            await using var count = fixture.DataSource.CreateCommand(
                "SELECT count(*) FROM OrleansStorage WHERE GrainIdExtensionString = @key");
            count.Parameters.AddWithValue("key", key.GrainIdExtensionString!);
            (await count.ExecuteScalarAsync(Ct)).ShouldBe(1L);
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
    public async Task ClearNullsThePayloadAndBumpsTheVersion()
    {
        var key = NewKey();
        await WriteAsync(key, null, "one");
        await WriteAsync(key, 1, "two");

        (await ChangeAsync("ClearStorageKey", key, 2)).ShouldBe(3);
        (await ChangeAsync("ClearStorageKey", key, 2)).ShouldBeNull("a stale clear changes nothing");

        (await ReadAsync(fixture.DataSource, key)).ShouldBe((null, 3));
        (await WriteAsync(key, 3, "after clear")).ShouldBe(4);
    }

    [Fact]
    public async Task DeleteRemovesTheRowAndReturnsTheNextVersion()
    {
        var key = NewKey();
        await WriteAsync(key, null, "one");

        (await ChangeAsync("DeleteStorageKey", key, 5)).ShouldBeNull("a stale delete changes nothing");
        (await ChangeAsync("DeleteStorageKey", key, 1)).ShouldBe(2);

        (await ReadAsync(fixture.DataSource, key)).ShouldBeNull();
        (await WriteAsync(key, null, "again")).ShouldBe(1);
    }

    [Fact]
    public async Task KeysDifferingOnlyInExtensionOrStateNameAreSeparateStates()
    {
        var key = NewKey();
        var otherState = key with { GrainTypeString = "other" };
        var noExtension = key with { GrainIdExtensionString = null };

        (await WriteAsync(key, null, "a")).ShouldBe(1);
        (await WriteAsync(otherState, null, "b")).ShouldBe(1);
        (await WriteAsync(noExtension, null, "c")).ShouldBe(1);
        (await WriteAsync(noExtension, 1, "c2")).ShouldBe(2);

        (await ReadAsync(fixture.DataSource, key)).ShouldBe(("a", 1));
        (await ReadAsync(fixture.DataSource, otherState)).ShouldBe(("b", 1));
        (await ReadAsync(fixture.DataSource, noExtension)).ShouldBe(("c2", 2));
    }

    private static StoredGrainKey NewKey() => StoredGrainKey.ForString($"conversation/{Guid.NewGuid():N}");

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<int?> WriteAsync(StoredGrainKey key, int? version, string payload)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, "WriteToStorageKey", Ct);
        var rows = await key.Bind(command)
            .With("GrainStateVersion", version)
            .With("PayloadBinary", Payload(payload))
            .ReadAsync(Ct);
        return (int?)rows.ShouldHaveSingleItem()["NewGrainStateVersion"];
    }

    private async Task<int?> ChangeAsync(string queryKey, StoredGrainKey key, int version)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, queryKey, Ct);
        return (int?)await key.Bind(command).With("GrainStateVersion", (int?)version).ScalarAsync(Ct);
    }

    private static async Task<(string? Payload, int? Version)?> ReadAsync(NpgsqlDataSource dataSource, StoredGrainKey key)
    {
        await using var command = await OrleansCommand.CreateAsync(dataSource, "ReadFromStorageKey", Ct);
        var rows = await key.Bind(command).ReadAsync(Ct);
        if (rows.Count == 0)
        {
            return null;
        }

        var row = rows.ShouldHaveSingleItem();
        var payload = row["PayloadBinary"] is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
        return (payload, (int?)row["Version"]);
    }
}
