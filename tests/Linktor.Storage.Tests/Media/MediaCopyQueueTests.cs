using Linktor.Storage.Media;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Media;

/// <summary>
/// The durable queue of inbound attachment copies: queued once per message, claimed by one copier at a time, and
/// claimed again when the copier that held it stops answering (its silo crashed mid-copy) — nobody has to open it.
/// </summary>
public sealed class MediaCopyQueueTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MediaCopyQueue Queue => new(fixture.DataSource);

    [Fact]
    public async Task ACopyIsQueuedOnceAndAClaimThatLapsesIsClaimedAgain()
    {
        var (tenant, message) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var arrived = DateTimeOffset.UtcNow.AddYears(-1); // due before any other test's copies
        (await Queue.EnqueueAsync([(tenant, message, arrived)], Ct)).ShouldBe(1);
        (await Queue.EnqueueAsync([(tenant, message, arrived)], Ct)).ShouldBe(0, "the stream may deliver the event again");
        var now = DateTimeOffset.UtcNow;

        (await ClaimOwnAsync(message, now, now.AddMinutes(3))).ShouldNotBeNull();
        (await ClaimOwnAsync(message, now.AddMinutes(1), now.AddMinutes(4))).ShouldBeNull("held by the first copier");
        var again = await ClaimOwnAsync(message, now.AddMinutes(3), now.AddMinutes(6));

        again.ShouldNotBeNull("its copier never recorded an outcome: the claim lapsed").AttemptCount.ShouldBe(0);
        await Queue.RecordAsync(message, copied: true, null, null, now.AddMinutes(3), Ct);
        (await ClaimOwnAsync(message, now.AddHours(1), now.AddHours(2))).ShouldBeNull("copied: done");
        (await Sql.ScalarAsync<string>(fixture.DataSource, "SELECT status FROM media_copies WHERE message_id = $1", message)).ShouldBe("copied");
    }

    [Fact]
    public async Task AFailedCopyIsRetriedWhenDueAndOneThatCannotSucceedIsFinished()
    {
        var (tenant, retried, hopeless) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var arrived = DateTimeOffset.UtcNow.AddYears(-1);
        await Queue.EnqueueAsync([(tenant, retried, arrived), (tenant, hopeless, arrived)], Ct);
        var now = DateTimeOffset.UtcNow;
        (await ClaimOwnAsync(retried, now, now.AddMinutes(3))).ShouldNotBeNull();
        (await ClaimOwnAsync(hopeless, now, now.AddMinutes(3))).ShouldNotBeNull();

        await Queue.RecordAsync(retried, copied: false, "HTTP 503", now.AddSeconds(10), now, Ct);
        await Queue.RecordAsync(hopeless, copied: false, "no such media", null, now, Ct);

        (await ClaimOwnAsync(retried, now.AddSeconds(5), now.AddMinutes(3))).ShouldBeNull("not due yet");
        (await ClaimOwnAsync(retried, now.AddSeconds(10), now.AddMinutes(3))).ShouldNotBeNull().AttemptCount.ShouldBe(1);
        (await ClaimOwnAsync(hopeless, now.AddHours(1), now.AddHours(2))).ShouldBeNull();
        (await Sql.ScalarAsync<string>(fixture.DataSource, "SELECT status FROM media_copies WHERE message_id = $1", hopeless)).ShouldBe("failed");
    }

    /// <summary>Claims generously (other tests share the table) and keeps the one copy this test is about.</summary>
    private async Task<DueMediaCopy?> ClaimOwnAsync(Guid messageId, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var claimed = await Queue.ClaimDueAsync(1000, now, leaseUntil, Ct);
        // What this test does not own goes back at once, so a parallel test can claim it.
        var others = claimed.Where(c => c.MessageId != messageId).Select(c => c.MessageId).ToArray();
        if (others.Length > 0)
        {
            await Sql.ExecuteAsync(fixture.DataSource, "UPDATE media_copies SET next_attempt_at = $2 WHERE message_id = ANY ($1)", others, now);
        }

        return claimed.SingleOrDefault(c => c.MessageId == messageId);
    }
}
