using System.Data;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>
/// The reminder table contract as Orleans.Reminders.AdoNet 10.4.2 uses it: GrainId bound as AnsiString, Period in
/// milliseconds as int (long past int.MaxValue) and read back as Int64, the version returned by the upsert and
/// required by the delete.
/// </summary>
public sealed class OrleansRemindersContractTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string GrainId = "conversation/0195a3c4-tenant-a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpsertBumpsTheVersionAndDeleteNeedsTheCurrentOne()
    {
        var serviceId = NewServiceId();
        var start = new DateTime(2026, 11, 23, 9, 30, 15, 123, DateTimeKind.Utc);

        (await UpsertAsync(serviceId, "follow-up", start, 60_000, grainHash: 100)).ShouldBe(0);
        (await UpsertAsync(serviceId, "follow-up", start.AddMinutes(1), 120_000, grainHash: 100)).ShouldBe(1);

        var row = (await ReadAsync("ReadReminderRowKey", serviceId, c => c.With("ReminderName", "follow-up")))
            .ShouldHaveSingleItem();
        row["GrainId"].ShouldBe(GrainId);
        row["ReminderName"].ShouldBe("follow-up");
        row["StartTime"].ShouldBe(start.AddMinutes(1));
        row["Period"].ShouldBe(120_000L);
        row["Version"].ShouldBe(1);

        (await DeleteAsync(serviceId, "follow-up", version: 0)).ShouldBe(0);
        (await DeleteAsync(serviceId, "follow-up", version: 1)).ShouldBe(1);
        (await ReadAsync("ReadReminderRowKey", serviceId, c => c.With("ReminderName", "follow-up"))).ShouldBeEmpty();
    }

    [Fact]
    public async Task APeriodBeyondIntMaxValueRoundTrips()
    {
        var serviceId = NewServiceId();
        var period = int.MaxValue + 1_000L;

        (await UpsertAsync(serviceId, "yearly", DateTime.UtcNow, period, grainHash: 7)).ShouldBe(0);

        var row = (await ReadAsync("ReadReminderRowsKey", serviceId, _ => { })).ShouldHaveSingleItem();
        row["Period"].ShouldBe(period);
    }

    [Fact]
    public async Task RangeReadsSplitTheHashRingAsTheProviderExpects()
    {
        var serviceId = NewServiceId();
        await UpsertAsync(serviceId, "low", DateTime.UtcNow, 60_000, grainHash: -500);
        await UpsertAsync(serviceId, "mid", DateTime.UtcNow, 60_000, grainHash: 100);
        await UpsertAsync(serviceId, "high", DateTime.UtcNow, 60_000, grainHash: 900);

        // (Begin, End] when Begin < End ...
        (await RangeAsync("ReadRangeRows1Key", serviceId, 0, 100)).ShouldBe(["mid"]);
        // ... and the wrapped range (Begin, max] + [min, End] otherwise.
        (await RangeAsync("ReadRangeRows2Key", serviceId, 100, -1)).ShouldBe(["high", "low"]);

        await using var deleteAll = await OrleansCommand.CreateAsync(fixture.DataSource, "DeleteReminderRowsKey", Ct);
        (await deleteAll.With("ServiceId", serviceId).ExecuteAsync(Ct)).ShouldBe(3);
    }

    private static string NewServiceId() => $"linktor-{Guid.NewGuid():N}";

    private async Task<int> UpsertAsync(string serviceId, string name, DateTime start, long periodMs, int grainHash)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, "UpsertReminderRowKey", Ct);
        command.With("ServiceId", serviceId)
            .With("GrainHash", grainHash)
            .With("GrainId", GrainId, DbType.AnsiString)
            .With("ReminderName", name)
            .With("StartTime", start);
        _ = periodMs <= int.MaxValue ? command.With("Period", (int)periodMs) : command.With("Period", periodMs);
        var row = (await command.ReadAsync(Ct)).ShouldHaveSingleItem();
        return (int)row["Version"]!;
    }

    private async Task<int> DeleteAsync(string serviceId, string name, int version)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, "DeleteReminderRowKey", Ct);
        var rows = await command.With("ServiceId", serviceId)
            .With("GrainId", GrainId, DbType.AnsiString)
            .With("ReminderName", name)
            .With("Version", version)
            .ReadAsync(Ct);
        // The provider requires exactly one column and reads it with Convert.ToBoolean.
        return (int)rows.ShouldHaveSingleItem().ShouldHaveSingleItem().Value!;
    }

    private async Task<List<Dictionary<string, object?>>> ReadAsync(
        string queryKey, string serviceId, Action<OrleansCommand> bind)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, queryKey, Ct);
        command.With("ServiceId", serviceId).With("GrainId", GrainId, DbType.AnsiString);
        bind(command);
        return await command.ReadAsync(Ct);
    }

    private async Task<List<string>> RangeAsync(string queryKey, string serviceId, int beginHash, int endHash)
    {
        await using var command = await OrleansCommand.CreateAsync(fixture.DataSource, queryKey, Ct);
        var rows = await command.With("ServiceId", serviceId)
            .With("BeginHash", beginHash)
            .With("EndHash", endHash)
            .ReadAsync(Ct);
        return rows.Select(r => (string)r["ReminderName"]!).Order(StringComparer.Ordinal).ToList();
    }
}
