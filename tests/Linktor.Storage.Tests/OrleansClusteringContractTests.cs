using System.Data;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>
/// The membership protocol as Orleans.Clustering.AdoNet 10.4.2 drives it: every change is conditional on the
/// cluster's version row and answers with one value (&gt; 0 = done); reads return the version row even without
/// members. Addresses are bound as AnsiString, timestamps as DbType.DateTime with Kind=Utc.
/// </summary>
public sealed class OrleansClusteringContractTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly DateTime Started = new(2026, 11, 23, 8, 0, 0, 250, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MembershipChangesAreConditionalOnTheTableVersion()
    {
        var cluster = NewClusterId();

        (await ScalarAsync("InsertMembershipVersionKey", c => c.With("DeploymentId", cluster))).ShouldBe(1);
        (await ScalarAsync("InsertMembershipVersionKey", c => c.With("DeploymentId", cluster))).ShouldBe(0);

        var empty = (await ReadAllAsync(cluster)).ShouldHaveSingleItem();
        empty["Address"].ShouldBeNull();
        empty["Version"].ShouldBe(0);

        (await InsertAsync(cluster, "10.0.0.1", version: 0)).ShouldBe(1);
        (await InsertAsync(cluster, "10.0.0.2", version: 0)).ShouldBe(0, "the table moved to version 1");

        var members = await ReadAllAsync(cluster);
        members.ShouldHaveSingleItem()["Address"].ShouldBe("10.0.0.1");
        members[0]["Version"].ShouldBe(1);

        (await UpdateAsync(cluster, "10.0.0.1", Active, suspectTimes: null, Started.AddSeconds(5), version: 0)).ShouldBe(0);
        (await UpdateAsync(cluster, "10.0.0.1", Active, suspectTimes: null, Started.AddSeconds(5), version: 1)).ShouldBe(1);
        (await UpdateAsync(cluster, "10.0.0.9", Active, suspectTimes: null, Started, version: 2))
            .ShouldBe(0, "no such member: the version bump is rolled back");

        var row = (await ReadRowAsync(cluster, "10.0.0.1")).ShouldHaveSingleItem();
        row["Status"].ShouldBe(Active);
        row["Version"].ShouldBe(2);
    }

    [Fact]
    public async Task HeartbeatsNeverMoveIAmAliveTimeBackwards()
    {
        var cluster = await NewClusterWithMemberAsync("10.0.0.1");

        await HeartbeatAsync(cluster, "10.0.0.1", Started.AddSeconds(30));
        await HeartbeatAsync(cluster, "10.0.0.1", Started.AddSeconds(10));

        var row = (await ReadRowAsync(cluster, "10.0.0.1")).ShouldHaveSingleItem();
        row["IAmAliveTime"].ShouldBe(Started.AddSeconds(30));
        row["StartTime"].ShouldBe(Started);
    }

    [Fact]
    public async Task GatewaysAreActiveMembersWithAProxyPort()
    {
        var cluster = await NewClusterWithMemberAsync("10.0.0.1");
        (await UpdateAsync(cluster, "10.0.0.1", Active, null, Started, version: 1)).ShouldBe(1);

        var gateways = await ReadAsync("GatewaysQueryKey", c => c.With("DeploymentId", cluster).With("Status", Active));

        var gateway = gateways.ShouldHaveSingleItem();
        gateway["Address"].ShouldBe("10.0.0.1");
        gateway["ProxyPort"].ShouldBe(30000);
        gateway["Generation"].ShouldBe(1);
    }

    [Fact]
    public async Task ADeadMemberIsCleanedUpOnlyWhileItStillHoldsTheReadValues()
    {
        var cluster = await NewClusterWithMemberAsync("10.0.0.1");
        const string suspicion = "S10.0.0.2:11111:1,2026-11-23 08:00:01.000 GMT";
        (await UpdateAsync(cluster, "10.0.0.1", Dead, suspicion, Started.AddSeconds(1), version: 1)).ShouldBe(1);
        var read = (await ReadRowAsync(cluster, "10.0.0.1")).ShouldHaveSingleItem();

        (await CleanupOneAsync(cluster, read, ((DateTime)read["IAmAliveTime"]!).AddMilliseconds(1))).ShouldBe(0);
        (await CleanupOneAsync(cluster, read, (DateTime)read["IAmAliveTime"]!)).ShouldBe(1);

        (await ReadAllAsync(cluster)).ShouldHaveSingleItem()["Address"].ShouldBeNull();
    }

    [Fact]
    public async Task BulkCleanupRemovesOnlyDeadMembersQuietBeforeTheCutOff()
    {
        var cluster = await NewClusterWithMemberAsync("10.0.0.1");
        (await InsertAsync(cluster, "10.0.0.2", version: 1)).ShouldBe(1);
        (await UpdateAsync(cluster, "10.0.0.1", Dead, null, Started.AddSeconds(1), version: 2)).ShouldBe(1);

        await ExecuteAsync("CleanupDefunctSiloEntriesKey", c => c
            .With("DeploymentId", cluster)
            .With("IAmAliveTime", Started.AddHours(1)));

        (await ReadAllAsync(cluster)).Select(r => r["Address"]).ShouldBe(["10.0.0.2"]);

        await ExecuteAsync("DeleteMembershipTableEntriesKey", c => c.With("DeploymentId", cluster));
        (await ReadAllAsync(cluster)).ShouldBeEmpty();
    }

    private static string NewClusterId() => $"linktor-{Guid.NewGuid():N}";

    private async Task<string> NewClusterWithMemberAsync(string address)
    {
        var cluster = NewClusterId();
        (await ScalarAsync("InsertMembershipVersionKey", c => c.With("DeploymentId", cluster))).ShouldBe(1);
        (await InsertAsync(cluster, address, version: 0)).ShouldBe(1);
        return cluster;
    }

    private static OrleansCommand Silo(OrleansCommand command, string cluster, string address) => command
        .With("DeploymentId", cluster)
        .With("Address", address, DbType.AnsiString)
        .With("Port", 11111)
        .With("Generation", 1);

    private Task<int> InsertAsync(string cluster, string address, int version) =>
        ScalarAsync("InsertMembershipKey", c => Silo(c, cluster, address)
            .With("SiloName", $"silo-{address}")
            .With("HostName", "node-a")
            .With("Status", 1)
            .With("ProxyPort", 30000)
            .With("StartTime", Started)
            .With("IAmAliveTime", Started)
            .With("Version", version));

    private Task<int> UpdateAsync(
        string cluster, string address, int status, string? suspectTimes, DateTime iAmAlive, int version) =>
        ScalarAsync("UpdateMembershipKey", c => Silo(c, cluster, address)
            .With("Status", status)
            .With("SuspectTimes", suspectTimes)
            .With("IAmAliveTime", iAmAlive)
            .With("Version", version));

    private Task<int> HeartbeatAsync(string cluster, string address, DateTime iAmAlive) =>
        ExecuteAsync("UpdateIAmAlivetimeKey", c => Silo(c, cluster, address).With("IAmAliveTime", iAmAlive));

    private Task<int> CleanupOneAsync(string cluster, Dictionary<string, object?> read, DateTime iAmAlive) =>
        ExecuteAsync("CleanupDefunctSiloEntryKey", c => Silo(c, cluster, (string)read["Address"]!)
            .With("SuspectTimes", (string?)read["SuspectTimes"])
            .With("StartTime", (DateTime)read["StartTime"]!)
            .With("IAmAliveTime", iAmAlive));

    private Task<List<Dictionary<string, object?>>> ReadAllAsync(string cluster) =>
        ReadAsync("MembershipReadAllKey", c => c.With("DeploymentId", cluster));

    private Task<List<Dictionary<string, object?>>> ReadRowAsync(string cluster, string address) =>
        ReadAsync("MembershipReadRowKey", c => Silo(c, cluster, address));

    private async Task<List<Dictionary<string, object?>>> ReadAsync(string queryKey, Action<OrleansCommand> bind)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, queryKey, Ct);
        bind(command);
        return await command.ReadAsync(Ct);
    }

    private async Task<int> ScalarAsync(string queryKey, Action<OrleansCommand> bind)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, queryKey, Ct);
        bind(command);
        var rows = await command.ReadAsync(Ct);
        // The provider requires exactly one column and reads it with Convert.ToBoolean.
        return (int)rows.ShouldHaveSingleItem().ShouldHaveSingleItem().Value!;
    }

    private async Task<int> ExecuteAsync(string queryKey, Action<OrleansCommand> bind)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, queryKey, Ct);
        bind(command);
        return await command.ExecuteAsync(Ct);
    }
}
