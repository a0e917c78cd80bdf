using Linktor.Contracts.Channels;
using Linktor.Storage.Analytics;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Analytics;

/// <summary>
/// <see cref="AnalyticsQueries"/> over rows with chosen timestamps: exact counts, exact percentile_cont figures,
/// a half-open window, the filters, and nothing of another tenant.
/// </summary>
public sealed class AnalyticsQueriesTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset From = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(1);

    // 11 first responses: percentile_cont(0.5) is the 6th, (0.9) the 10th, with nothing to interpolate.
    private static readonly int[] FirstResponseSeconds = [3600, 30, 45, 60, 90, 120, 150, 180, 240, 300, 600];

    // 6 resolutions: the median lies halfway between the 3rd and 4th (180, 240), p90 halfway between the 5th and 6th.
    private static readonly int[] ResolutionSeconds = [600, 60, 120, 180, 240, 300];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AnalyticsQueries Queries => new(fixture.DataSource);

    [Fact]
    public async Task MediansAndP90sAreExactAndOnlyTheWindowCounts()
    {
        var a = await TenantAsync();
        var web = await ChannelAsync(a, "webchat", "Website");
        var sms = await ChannelAsync(a, "sms", "SMS");
        var (ann, bob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        foreach (var seconds in FirstResponseSeconds)
        {
            var inbound = From.AddHours(2);
            await ConversationAsync(a, web, ann, created: inbound.AddMinutes(-1), firstInbound: inbound, firstResponse: inbound.AddSeconds(seconds));
        }

        foreach (var seconds in ResolutionSeconds)
        {
            var c = await ConversationAsync(a, web, ann, created: From.AddDays(-3));
            await ResolutionAsync(a, c, opened: From.AddHours(5), resolved: From.AddHours(5).AddSeconds(seconds));
        }

        // The edges: the window is from ≤ t < to.
        var edge = await ConversationAsync(a, web, ann, created: To, firstInbound: From.AddMinutes(-10), firstResponse: From.AddSeconds(-1));
        await ResolutionAsync(a, edge, opened: From.AddDays(-1), resolved: To);
        var early = await ConversationAsync(a, web, ann, created: From, firstInbound: To.AddMinutes(-5), firstResponse: To);
        await ResolutionAsync(a, early, opened: From.AddDays(-1), resolved: From.AddTicks(-10));
        // Another channel and assignee; another tenant with everything in the window.
        var onSms = await ConversationAsync(a, sms, bob, created: From.AddHours(1), firstInbound: From.AddHours(1), firstResponse: From.AddHours(1).AddSeconds(7));
        await ResolutionAsync(a, onSms, opened: From.AddHours(1), resolved: From.AddHours(3));
        var b = await TenantAsync();
        var bWeb = await ChannelAsync(b, "webchat", "B's website");
        var bConversation = await ConversationAsync(b, bWeb, ann, created: From.AddHours(1), firstInbound: From.AddHours(1), firstResponse: From.AddHours(1).AddSeconds(1));
        await ResolutionAsync(b, bConversation, opened: From.AddHours(1), resolved: From.AddHours(2));

        var onWeb = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To, ChannelId = web }, Ct);
        var all = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To }, Ct);
        var bobs = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To, AssigneeId = bob }, Ct);

        onWeb.FirstResponseTime.ShouldBe(new DurationStats { Count = 11, MedianSeconds = 150, P90Seconds = 600 });
        onWeb.ResolutionTime.ShouldBe(new DurationStats { Count = 6, MedianSeconds = 210, P90Seconds = 450 });
        onWeb.Conversations.ShouldBe(new ConversationCounts { Opened = 12, Resolved = 6 }, "the 11 and the one created at `from`, not the one at `to`");
        all.Conversations.ShouldBe(new ConversationCounts { Opened = 13, Resolved = 7 });
        all.FirstResponseTime.Count.ShouldBe(12);
        all.ResolutionTime.Count.ShouldBe(7);
        bobs.FirstResponseTime.ShouldBe(new DurationStats { Count = 1, MedianSeconds = 7, P90Seconds = 7 });
        bobs.ResolutionTime.ShouldBe(new DurationStats { Count = 1, MedianSeconds = 7200, P90Seconds = 7200 });
        bobs.Conversations.ShouldBe(new ConversationCounts { Opened = 1, Resolved = 1 });
        var nothing = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To, AssigneeId = Guid.CreateVersion7() }, Ct);
        nothing.FirstResponseTime.ShouldBe(new DurationStats { Count = 0, MedianSeconds = null, P90Seconds = null });
        nothing.ResolutionTime.ShouldBe(new DurationStats { Count = 0, MedianSeconds = null, P90Seconds = null });
        nothing.Conversations.ShouldBe(new ConversationCounts { Opened = 0, Resolved = 0 });
    }

    [Fact]
    public async Task MessagesAreCountedByDirectionStatusAndChannelInTheWindow()
    {
        var a = await TenantAsync();
        var web = await ChannelAsync(a, "webchat", "Website");
        var sms = await ChannelAsync(a, "sms", "SMS");
        var (ann, bob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var webConversation = await ConversationAsync(a, web, ann, created: From);
        var smsConversation = await ConversationAsync(a, sms, bob, created: From);
        var t = From.AddHours(1);
        await MessagesAsync(a, webConversation, web, t, ("inbound", "delivered", false, 3), ("outbound", "queued", false, 1),
            ("outbound", "sent", false, 2), ("outbound", "delivered", false, 1), ("outbound", "read", false, 1),
            ("outbound", "failed", false, 1), ("outbound", "sent", true, 2));
        await MessagesAsync(a, smsConversation, sms, t, ("inbound", "delivered", false, 1), ("outbound", "delivered", false, 1));
        // Outside the window, and another tenant's.
        await MessagesAsync(a, webConversation, web, From.AddTicks(-10), ("inbound", "delivered", false, 1));
        await MessagesAsync(a, webConversation, web, To, ("outbound", "sent", false, 1));
        var b = await TenantAsync();
        var bWeb = await ChannelAsync(b, "webchat", "B's website");
        await MessagesAsync(b, await ConversationAsync(b, bWeb, ann, created: From), bWeb, t, ("inbound", "delivered", false, 5));

        var all = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To }, Ct);
        var bobs = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To, AssigneeId = bob }, Ct);
        var onWeb = await Queries.SummarizeAsync(a, new AnalyticsFilter { From = From, To = To, ChannelId = web }, Ct);

        all.Messages.Total.ShouldBe(11);
        all.Messages.Inbound.ShouldBe(4);
        all.Messages.Outbound.ShouldBe(7);
        all.Messages.PrivateNotes.ShouldBe(2);
        all.Messages.ByStatus.ShouldBe(new OutboundStatusCounts { Queued = 1, Sent = 2, Delivered = 2, Read = 1, Failed = 1 });
        all.Messages.ByChannel.ShouldBe(
        [
            new ChannelMessageCounts { ChannelId = web, ChannelType = ChannelType.Webchat, Name = "Website", Inbound = 3, Outbound = 6 },
            new ChannelMessageCounts { ChannelId = sms, ChannelType = ChannelType.Sms, Name = "SMS", Inbound = 1, Outbound = 1 },
        ]);
        bobs.Messages.Total.ShouldBe(2);
        bobs.Messages.ByChannel.Single().ChannelId.ShouldBe(sms);
        bobs.Messages.ByStatus.ShouldBe(new OutboundStatusCounts { Delivered = 1 });
        onWeb.Messages.Total.ShouldBe(9);
        onWeb.Messages.PrivateNotes.ShouldBe(2);
        onWeb.Messages.ByChannel.Single().ChannelId.ShouldBe(web);
    }

    [Fact]
    public async Task ChannelsAndUsersExistOnlyInTheirOwnTenantDeletedOnesIncluded()
    {
        var a = await TenantAsync();
        var b = await TenantAsync();
        var channel = await ChannelAsync(a, "webchat", "Website");
        await Sql.ExecuteAsync(fixture.DataSource, "UPDATE channels SET deleted_at = now() WHERE id = $1", channel);
        var user = Guid.CreateVersion7();
        await Sql.ExecuteAsync(fixture.DataSource, """
            INSERT INTO users (id, tenant_id, email, name, role, status, password_hash, deleted_at)
            VALUES ($1, $2, 'gone@example.com', 'Gone', 'agent', 'disabled', 'x', now())
            """, user, a);

        (await Queries.ChannelExistsAsync(a, channel, Ct)).ShouldBeTrue();
        (await Queries.UserExistsAsync(a, user, Ct)).ShouldBeTrue();
        (await Queries.ChannelExistsAsync(b, channel, Ct)).ShouldBeFalse();
        (await Queries.UserExistsAsync(b, user, Ct)).ShouldBeFalse();
    }

    private async Task<Guid> TenantAsync()
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(fixture.DataSource, "INSERT INTO tenants (id, name, slug) VALUES ($1, 'Analytics', $2)", id, $"t-{id:N}");
        return id;
    }

    private async Task<Guid> ChannelAsync(Guid tenantId, string type, string name)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(fixture.DataSource, """
            INSERT INTO channels (id, tenant_id, type, name, status, capabilities, created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'active', '{}', now(), now())
            """, id, tenantId, type, name);
        return id;
    }

    private async Task<Guid> ConversationAsync(
        Guid tenantId, Guid channelId, Guid assigneeId, DateTimeOffset created, DateTimeOffset? firstInbound = null, DateTimeOffset? firstResponse = null)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(fixture.DataSource, """
            INSERT INTO conversations (id, tenant_id, contact_id, channel_id, channel_type, contact_address, status, assignee_id,
                                       last_activity_at, created_at, updated_at, first_inbound_at, first_response_at)
            SELECT $1, $2, $3, $4, type, 'address', 'open', $5, $6, $6, $6, $7, $8 FROM channels WHERE id = $4
            """, id, tenantId, Guid.CreateVersion7(), channelId, assigneeId, created, firstInbound, firstResponse);
        return id;
    }

    private Task ResolutionAsync(Guid tenantId, Guid conversationId, DateTimeOffset opened, DateTimeOffset resolved) =>
        Sql.ExecuteAsync(fixture.DataSource,
            "INSERT INTO conversation_resolutions (tenant_id, conversation_id, opened_at, resolved_at) VALUES ($1, $2, $3, $4)",
            tenantId, conversationId, opened, resolved);

    private async Task MessagesAsync(
        Guid tenantId, Guid conversationId, Guid channelId, DateTimeOffset at, params (string Direction, string Status, bool Private, int Count)[] kinds)
    {
        foreach (var (direction, status, isPrivate, count) in kinds)
        {
            for (var i = 0; i < count; i++)
            {
                await Sql.ExecuteAsync(fixture.DataSource, """
                    INSERT INTO messages (id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, content_type, content,
                                          private, status, created_at)
                    VALUES ($1, $2, $3, $4, (SELECT coalesce(max(seq), 0) + 1 FROM messages WHERE tenant_id = $2 AND conversation_id = $3),
                            $5, CASE WHEN $5 = 'inbound' THEN 'contact' ELSE 'agent' END, 'text', '{}', $6, $7, $8)
                    """, Guid.CreateVersion7(), tenantId, conversationId, channelId, direction, isPrivate, status, at);
            }
        }
    }
}
