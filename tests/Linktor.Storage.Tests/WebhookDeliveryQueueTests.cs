using Linktor.Contracts.Webhooks;
using Linktor.Storage.Webhooks;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>
/// The outbound-webhook queue shared by every silo: one delivery per subscribed active endpoint and event, claims
/// that never overlap, claims that lapse when a worker dies, attempts that a late worker cannot overwrite.
/// </summary>
public sealed class WebhookDeliveryQueueTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebhookDeliveryQueue Queue => new(fixture.DataSource);

    [Fact]
    public async Task AnEventBecomesOneDeliveryPerActiveEndpointOfItsTenantThatWantsItAndOnlyOnce()
    {
        var (tenant, other) = (await TenantAsync(), await TenantAsync());
        var onlyMessages = await EndpointAsync(tenant, ["message.created"]);
        var both = await EndpointAsync(tenant, ["message.created", "conversation.updated"]);
        var disabled = await EndpointAsync(tenant, ["message.created"], WebhookStatus.Disabled);
        var otherTenants = await EndpointAsync(other, ["message.created"]);
        var now = DateTimeOffset.UtcNow;
        WebhookEvent[] events =
        [
            Event(tenant, "message.created", now), Event(tenant, "conversation.updated", now), Event(tenant, "contact.created", now),
            Event(other, "message.created", now),
        ];

        (await Queue.EnqueueAsync(events, Ct)).ShouldBe(4);
        (await Queue.EnqueueAsync(events, Ct)).ShouldBe(0, "a batch written again (a retry after a lost answer) queues nothing twice");

        var rows = await Sql.RowsAsync(fixture.DataSource,
            "SELECT webhook_id, event, tenant_id, status FROM webhook_deliveries WHERE webhook_id = ANY ($1) ORDER BY event, webhook_id",
            new[] { onlyMessages, both, disabled, otherTenants });
        rows.Select(r => ((Guid)r[0]!, (string)r[1]!)).ShouldBe(
            new[] { (both, "conversation.updated") }.Concat(new[] { (onlyMessages, "message.created"), (both, "message.created"), (otherTenants, "message.created") }
                .OrderBy(x => x.Item1)),
            ignoreOrder: true);
        rows.ShouldAllBe(r => (string)r[3]! == "pending");
        rows.Where(r => (Guid)r[0]! == otherTenants).ShouldAllBe(r => (Guid)r[2]! == other);
    }

    [Fact]
    public async Task ConcurrentWorkersNeverClaimTheSameDelivery()
    {
        var tenant = await TenantAsync();
        await EndpointAsync(tenant, ["message.created"]);
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        (await Queue.EnqueueAsync([.. Enumerable.Range(0, 300).Select(_ => Event(tenant, "message.created", now))], Ct)).ShouldBe(300);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var mine = new List<Guid>();
            while (true)
            {
                var due = await new WebhookDeliveryQueue(fixture.DataSource).ClaimDueAsync(25, 1000, new Dictionary<Guid, int>(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), Ct);
                var ours = due.Where(d => d.TenantId == tenant).Select(d => d.Id).ToList();
                if (due.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(ours);
            }
        }));

        var all = claims.SelectMany(c => c).ToList();
        all.Count.ShouldBe(300);
        all.Distinct().Count().ShouldBe(300, "no delivery was claimed by two workers");
    }

    [Fact]
    public async Task AnEndpointWithABacklogGetsAtMostItsShareOfAClaimAndNoneWhileItIsBusy()
    {
        var tenant = await TenantAsync();
        var slow = await EndpointAsync(tenant, ["message.created"]);
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await Queue.EnqueueAsync([.. Enumerable.Range(0, 50).Select(i => Event(tenant, "message.created", t0.AddMilliseconds(i)))], Ct);
        var other = await EndpointAsync(tenant, ["contact.created"]);
        await Queue.EnqueueAsync([.. Enumerable.Range(0, 5).Select(i => Event(tenant, "contact.created", t0.AddSeconds(10 + i)))], Ct);
        var at = t0.AddMinutes(1);

        var none = new Dictionary<Guid, int>();

        var first = await ClaimOwnAsync(tenant, at, at.AddMinutes(5), 8, none);
        var whileBusy = await ClaimOwnAsync(tenant, at, at.AddMinutes(5), 8, new Dictionary<Guid, int> { [slow] = 8 });
        var withRoomForThree = await ClaimOwnAsync(tenant, at, at.AddMinutes(5), 8, new Dictionary<Guid, int> { [slow] = 5 });
        var next = await ClaimOwnAsync(tenant, at, at.AddMinutes(5), 8, none);

        first.Count(d => d.WebhookId == slow).ShouldBe(8, "the backlog's endpoint gets its share, though its deliveries are all older");
        first.Count(d => d.WebhookId == other).ShouldBe(5, "the other endpoint's deliveries are not stuck behind the backlog");
        whileBusy.ShouldBeEmpty("the busy endpoint is skipped, and the other has nothing left");
        withRoomForThree.Count.ShouldBe(3, "an endpoint with 5 of 8 in flight gets 3 more");
        next.Count.ShouldBe(8);
        next.ShouldAllBe(d => d.WebhookId == slow);
        first.Concat(withRoomForThree).Concat(next).Select(d => d.Id).Distinct().Count().ShouldBe(8 + 5 + 3 + 8);
    }

    [Fact]
    public async Task AClaimLapsesAfterItsLeaseAndTheAttemptOfAWorkerThatOverranItIsNotRecorded()
    {
        var tenant = await TenantAsync();
        var endpoint = await EndpointAsync(tenant, ["message.created"]);
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await Queue.EnqueueAsync([Event(tenant, "message.created", t0)], Ct);

        var first = (await ClaimOwnAsync(tenant, t0, t0.AddSeconds(30))).ShouldHaveSingleItem();
        (await ClaimOwnAsync(tenant, t0.AddSeconds(10), t0.AddSeconds(40))).ShouldBeEmpty("claimed until its lease ends");
        var second = (await ClaimOwnAsync(tenant, t0.AddSeconds(31), t0.AddSeconds(61))).ShouldHaveSingleItem("the first worker died: its claim lapsed");
        second.Id.ShouldBe(first.Id);
        second.WebhookId.ShouldBe(endpoint);

        (await RecordAsync(second, Success(t0.AddSeconds(32)))).ShouldBeTrue();
        (await RecordAsync(first, Failure(t0.AddSeconds(40), retryAt: t0.AddSeconds(50)))).ShouldBeFalse(
            "the overrunning worker must not turn a delivered event back into a pending one");

        var row = (await Sql.RowsAsync(fixture.DataSource,
            "SELECT status, attempt_count, response_status, delivered_at IS NOT NULL, next_attempt_at FROM webhook_deliveries WHERE id = $1", first.Id)).Single();
        row.ShouldBe(new object?[] { "succeeded", 1, 200, true, null });
        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM webhook_attempts WHERE delivery_id = $1", first.Id)).ShouldBe(1);
        (await ClaimOwnAsync(tenant, t0.AddDays(1), t0.AddDays(1).AddSeconds(30))).ShouldBeEmpty("a delivered event is never due again");
    }

    [Fact]
    public async Task AFailedAttemptIsDueAgainAtItsRetryTimeAndWithoutOneTheDeliveryFailsForGood()
    {
        var tenant = await TenantAsync();
        await EndpointAsync(tenant, ["message.created"]);
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await Queue.EnqueueAsync([Event(tenant, "message.created", t0)], Ct);

        var claimed = (await ClaimOwnAsync(tenant, t0, t0.AddSeconds(30))).Single();
        (await RecordAsync(claimed, Failure(t0.AddSeconds(1), retryAt: t0.AddSeconds(20)))).ShouldBeTrue();
        (await ClaimOwnAsync(tenant, t0.AddSeconds(19), t0.AddSeconds(49))).ShouldBeEmpty("not before its retry time");
        var again = (await ClaimOwnAsync(tenant, t0.AddSeconds(20), t0.AddSeconds(50))).Single();
        again.AttemptCount.ShouldBe(1);
        (await RecordAsync(again, Failure(t0.AddSeconds(21), retryAt: null))).ShouldBeTrue();

        var row = (await Sql.RowsAsync(fixture.DataSource,
            "SELECT status, attempt_count, response_status, error, next_attempt_at FROM webhook_deliveries WHERE id = $1", claimed.Id)).Single();
        row.ShouldBe(new object?[] { "failed", 2, 503, "HTTP 503 Service Unavailable", null });
        var attempts = await Sql.RowsAsync(fixture.DataSource,
            "SELECT attempt, response_status, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt", claimed.Id);
        attempts.ShouldBe([new object?[] { 1, 503, 120 }, new object?[] { 2, 503, 120 }]);
        (await ClaimOwnAsync(tenant, t0.AddDays(1), t0.AddDays(1).AddSeconds(30))).ShouldBeEmpty("a failed delivery waits for a redelivery");
    }

    [Fact]
    public async Task ManyAttemptsAreRecordedInOneStatementAndAStaleOneAmongThemIsLeftOut()
    {
        var tenant = await TenantAsync();
        await EndpointAsync(tenant, ["message.created"]);
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await Queue.EnqueueAsync([.. Enumerable.Range(0, 3).Select(_ => Event(tenant, "message.created", t0))], Ct);
        var claimed = await ClaimOwnAsync(tenant, t0, t0.AddSeconds(30));
        claimed.Count.ShouldBe(3);
        (await RecordAsync(claimed[2], Success(t0.AddSeconds(1)))).ShouldBeTrue();

        var recorded = await Queue.RecordAttemptsAsync(
            [(claimed[0], Success(t0.AddSeconds(2))), (claimed[1], Failure(t0.AddSeconds(2), retryAt: t0.AddSeconds(9))), (claimed[2], Failure(t0.AddSeconds(2), null))], Ct);

        recorded.ShouldBe([claimed[0].Id, claimed[1].Id], ignoreOrder: true);
        var statuses = await Sql.RowsAsync(fixture.DataSource,
            "SELECT id, status, attempt_count FROM webhook_deliveries WHERE tenant_id = $1", tenant);
        statuses.Select(r => ((Guid)r[0]!, (string)r[1]!, (int)r[2]!)).ShouldBe(
            [(claimed[0].Id, "succeeded", 1), (claimed[1].Id, "pending", 1), (claimed[2].Id, "succeeded", 1)], ignoreOrder: true);
        (await Sql.ScalarAsync<long>(fixture.DataSource,
            "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.tenant_id = $1", tenant)).ShouldBe(3);
    }

    [Fact]
    public async Task OnlyFinishedDeliveriesPastTheRetentionArePurged()
    {
        var tenant = await TenantAsync();
        await EndpointAsync(tenant, ["message.created"]);
        var old = DateTimeOffset.UtcNow.AddDays(-40);
        await Queue.EnqueueAsync([Event(tenant, "message.created", old), Event(tenant, "message.created", old)], Ct);
        var claimed = await ClaimOwnAsync(tenant, old, old.AddSeconds(30));
        await RecordAsync(claimed[0], Success(old.AddSeconds(1)));

        (await Queue.PurgeFinishedAsync(DateTimeOffset.UtcNow.AddDays(-30), Ct)).ShouldBeGreaterThanOrEqualTo(1);

        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1", tenant)).ShouldBe(1,
            "the pending one stays, however old");
        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM webhook_attempts WHERE delivery_id = $1", claimed[0].Id)).ShouldBe(0);
    }

    [Fact]
    public async Task AConversationsEventsReachAnEndpointInOrderAndAFailingOneHoldsBackOnlyItsOwnConversation()
    {
        var tenant = await TenantAsync();
        var endpoint = await EndpointAsync(tenant, ["message.created"]);
        var (slow, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var first = Event(tenant, "message.created", t0, slow);
        var second = Event(tenant, "message.created", t0.AddSeconds(1), slow);
        var third = Event(tenant, "message.created", t0.AddSeconds(2), slow);
        var elsewhere = Event(tenant, "message.created", t0.AddSeconds(3), other);
        (await Queue.EnqueueAsync([first, second], Ct)).ShouldBe(2);
        (await Queue.EnqueueAsync([third, elsewhere], Ct)).ShouldBe(2, "a later batch joins the conversation's line");

        var now = DateTimeOffset.UtcNow;
        var claimed = await ClaimOwnAsync(tenant, now, now.AddMinutes(1));
        claimed.Select(d => d.EventId).ShouldBe([first.EventId, elsewhere.EventId], ignoreOrder: true);

        // The head fails and is retried later: the rest of its conversation keeps waiting; the other conversation went on.
        (await RecordAsync(claimed.Single(d => d.EventId == first.EventId), Failure(now, retryAt: now.AddSeconds(30)))).ShouldBeTrue();
        (await RecordAsync(claimed.Single(d => d.EventId == elsewhere.EventId), Success(now))).ShouldBeTrue();
        (await ClaimOwnAsync(tenant, now.AddSeconds(5), now.AddMinutes(2))).ShouldBeEmpty();

        var retried = (await ClaimOwnAsync(tenant, now.AddSeconds(31), now.AddMinutes(2))).ShouldHaveSingleItem();
        retried.EventId.ShouldBe(first.EventId);
        (await RecordAsync(retried, Success(now.AddSeconds(31)))).ShouldBeTrue();
        var next = (await ClaimOwnAsync(tenant, now.AddSeconds(32), now.AddMinutes(3))).ShouldHaveSingleItem();
        next.EventId.ShouldBe(second.EventId, "the next one goes once the one before it is delivered");
        (await RecordAsync(next, Failure(now.AddSeconds(32), retryAt: null))).ShouldBeTrue(); // out of retries: failed, finished
        (await ClaimOwnAsync(tenant, now.AddSeconds(33), now.AddMinutes(3))).ShouldHaveSingleItem().EventId.ShouldBe(third.EventId,
            "a delivery that failed for good lets the next one go too");
    }

    [Fact]
    public async Task ADeliveryLeftWaitingBehindNothingIsMadeDue()
    {
        var tenant = await TenantAsync();
        var endpoint = await EndpointAsync(tenant, ["message.created"]);
        var conversation = Guid.CreateVersion7();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var (head, next) = (Event(tenant, "message.created", t0, conversation), Event(tenant, "message.created", t0.AddSeconds(1), conversation));
        (await Queue.EnqueueAsync([head, next], Ct)).ShouldBe(2);
        // The head finishes by a path that does not move the line on (an operator's redelivery, a delete): `next` is stranded.
        await Sql.ExecuteAsync(fixture.DataSource,
            "UPDATE webhook_deliveries SET status = 'succeeded', next_attempt_at = NULL WHERE webhook_id = $1 AND event_id = $2", endpoint, head.EventId);
        var now = DateTimeOffset.UtcNow;
        (await ClaimOwnAsync(tenant, now, now.AddMinutes(1))).ShouldBeEmpty();

        (await Queue.ReleaseStrandedAsync(now, Ct)).ShouldBeGreaterThanOrEqualTo(1);

        (await ClaimOwnAsync(tenant, now, now.AddMinutes(1))).ShouldHaveSingleItem().EventId.ShouldBe(next.EventId);
    }

    private async Task<bool> RecordAsync(DueDelivery delivery, AttemptOutcome outcome) =>
        (await Queue.RecordAttemptsAsync([(delivery, outcome)], Ct)).Contains(delivery.Id);

    private async Task<IReadOnlyList<DueDelivery>> ClaimOwnAsync(
        Guid tenant, DateTimeOffset now, DateTimeOffset leaseUntil, int perEndpoint = 1000, Dictionary<Guid, int>? inFlight = null)
    {
        // Other tests' deliveries share the table; claim generously and keep this tenant's (the others are not due at these times or are ignored).
        var due = await Queue.ClaimDueAsync(1000, perEndpoint, inFlight ?? [], now, leaseUntil, Ct);
        return [.. due.Where(d => d.TenantId == tenant)];
    }

    private async Task<Guid> TenantAsync()
    {
        var id = Guid.CreateVersion7();
        await Sql.ScalarAsync<int>(fixture.DataSource, "INSERT INTO tenants (id, name, slug) VALUES ($1, 'Webhook tests', $2) RETURNING 1", id, $"wh-{id:N}");
        return id;
    }

    private async Task<Guid> EndpointAsync(Guid tenant, string[] events, WebhookStatus status = WebhookStatus.Active)
    {
        var now = DateTimeOffset.UtcNow;
        var webhook = new WebhookRecord
        {
            Id = Guid.CreateVersion7(), TenantId = tenant, Url = "https://example.com/hook", Events = events, Status = status, CreatedAt = now, UpdatedAt = now,
        };
        await new WebhookStore(fixture.DataSource).InsertAsync(webhook, "ciphertext", Ct);
        return webhook.Id;
    }

    private static WebhookEvent Event(Guid tenant, string name, DateTimeOffset at, Guid? conversationId = null)
    {
        var id = Guid.CreateVersion7();
        return new WebhookEvent(id, tenant, name, $$"""{"id":"{{id}}","event":"{{name}}"}""", at, conversationId);
    }

    private static AttemptOutcome Success(DateTimeOffset at) => new(at, TimeSpan.FromMilliseconds(120), 200, null, Succeeded: true, RetryAt: null);

    private static AttemptOutcome Failure(DateTimeOffset at, DateTimeOffset? retryAt) =>
        new(at, TimeSpan.FromMilliseconds(120), 503, "HTTP 503 Service Unavailable", Succeeded: false, retryAt);
}
