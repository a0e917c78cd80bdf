using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>
/// Every OrleansQuery key the 10.4.2 providers load. Clustering and reminders read the whole table and fail
/// start-up with "Not all required queries found" when one of theirs is missing; persistence selects its four.
/// The lists are the properties of each provider's DbStoredQueries (Orleans.Clustering.AdoNet,
/// Orleans.Reminders.AdoNet) and AdoNetGrainStorage.DefaultInitializationQuery, read from the 10.4.2 binaries.
/// </summary>
public sealed class OrleansQueryCatalogueTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly string[] Persistence =
    [
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    private static readonly string[] Reminders =
    [
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
        "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static readonly string[] Clustering =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        // Optional in 10.4.2; when present the provider deletes dead rows one by one on captured values.
        "CleanupDefunctSiloEntryKey",
    ];

    public static TheoryData<string> PersistenceKeys => new(Persistence);

    public static TheoryData<string> ReminderKeys => new(Reminders);

    public static TheoryData<string> ClusteringKeys => new(Clustering);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(PersistenceKeys))]
    public async Task EveryPersistenceKeyIsStored(string key) => (await KeysAsync()).ShouldContain(key);

    [Theory]
    [MemberData(nameof(ReminderKeys))]
    public async Task EveryReminderKeyIsStored(string key) => (await KeysAsync()).ShouldContain(key);

    [Theory]
    [MemberData(nameof(ClusteringKeys))]
    public async Task EveryClusteringKeyIsStored(string key) => (await KeysAsync()).ShouldContain(key);

    [Fact]
    public async Task TheCatalogueHoldsNothingElse()
    {
        var expected = Persistence.Concat(Reminders).Concat(Clustering).Order(StringComparer.Ordinal);

        (await KeysAsync()).Order(StringComparer.Ordinal).ShouldBe(expected);
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
