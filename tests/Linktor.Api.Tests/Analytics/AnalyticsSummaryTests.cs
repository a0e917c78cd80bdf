using System.Globalization;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Analytics;

/// <summary>
/// <c>GET /api/v1/analytics/summary</c> over real traffic: web-chat visitors write, agents reply, an admin notes and
/// resolves; the figures are exact, every filter applies, another tenant's traffic never counts, and bad input or
/// another tenant's ids are refused.
/// </summary>
public sealed class AnalyticsSummaryTests(LinktorNode node)
{
    private const string Route = "/api/v1/analytics/summary";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CountsTheTenantsTrafficExactlyUnderEveryFilter()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var website = await tenant.WebChatAsync();
        var shop = await tenant.CreateWebChatChannelAsync("Shop");

        // Answered: two visitor messages, two agent replies, an admin's private note, resolved.
        var (answered, alice) = await tenant.StartConversationAsync("Alice");
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{answered.Id}", new { assignee_id = agent.User.Id })).ShouldBe(200);
        Message firstInbound;
        await using (var visitor = await tenant.ConnectVisitorAsync(alice))
        {
            firstInbound = await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Where is my order?" });
            await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "It is #1234." });
        }

        var firstReply = await tenant.SendTextAsync(answered.Id, "Let me check.", api: agent.Api);
        await tenant.SendTextAsync(answered.Id, "It ships today.", api: agent.Api);
        await tenant.SendTextAsync(answered.Id, "Customer is a VIP", isPrivate: true);
        var beforeResolve = DateTimeOffset.UtcNow;
        var resolved = (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{answered.Id}", new { status = "resolved" })).ShouldBe<Conversation>(200);

        // Waiting: one visitor message on the other channel, assigned to the admin, no reply yet.
        var bob = await tenant.StartVisitorAsync(shop.Id, "Bob");
        var waiting = (await tenant.AdminApi.PostAsync("/api/v1/conversations", new { contact_id = bob.ContactId, channel_id = shop.Id }))
            .ShouldBe<Conversation>(201);
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{waiting.Id}", new { assignee_id = tenant.Admin.Id })).ShouldBe(200);
        await using (var visitor = await tenant.ConnectVisitorAsync(bob))
        {
            await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Do you ship abroad?" });
        }

        // Another tenant, busy in the same window: none of it counts.
        var other = await TestTenant.CreateAsync(node);
        var (theirs, carol) = await other.StartConversationAsync("Carol");
        await using (var visitor = await other.ConnectVisitorAsync(carol))
        {
            await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Hi" });
        }

        await other.SendTextAsync(theirs.Id, "Hello Carol");
        (await other.AdminApi.PatchAsync($"/api/v1/conversations/{theirs.Id}", new { status = "resolved" })).ShouldBe(200);

        var window = $"from={Stamp(started)}&to={Stamp(DateTimeOffset.UtcNow.AddMinutes(1))}";
        // Replies leave the outbox on their own; the report shows them sent once they have.
        var all = await Eventually.GetAsync(async () =>
        {
            var s = (await tenant.AdminApi.GetAsync($"{Route}?{window}")).ShouldBe<AnalyticsSummary>(200);
            return s.Messages.ByStatus.Queued == 0 ? s : null;
        }, TimeSpan.FromSeconds(20), "both replies are sent", Ct);

        all.Messages.ShouldBe(new SummaryMessages(Total: 5, Inbound: 3, Outbound: 2, PrivateNotes: 1,
            new SummaryStatuses(Queued: 0, Sent: 2, Delivered: 0, Read: 0, Failed: 0), all.Messages.ByChannel));
        all.Messages.ByChannel.ShouldBe(
        [
            new SummaryChannel(website.Id, "webchat", website.Name, Inbound: 2, Outbound: 2),
            new SummaryChannel(shop.Id, "webchat", "Shop", Inbound: 1, Outbound: 0),
        ]);
        all.Conversations.ShouldBe(new SummaryConversations(Opened: 2, Resolved: 1));
        var firstResponse = (firstReply.CreatedAt - firstInbound.CreatedAt).TotalSeconds;
        all.FirstResponseTime.Count.ShouldBe(1);
        all.FirstResponseTime.MedianSeconds.ShouldNotBeNull().ShouldBe(firstResponse, 2e-6);
        all.FirstResponseTime.P90Seconds.ShouldNotBeNull().ShouldBe(firstResponse, 2e-6);
        all.ResolutionTime.Count.ShouldBe(1);
        all.ResolutionTime.MedianSeconds.ShouldNotBeNull().ShouldBeInRange(
            (beforeResolve - answered.CreatedAt).TotalSeconds - 2e-6, (resolved.UpdatedAt - answered.CreatedAt).TotalSeconds + 2e-6);
        (all.ChannelId, all.AssigneeId).ShouldBe((null, null));

        var onShop = (await tenant.AdminApi.GetAsync($"{Route}?{window}&channel_id={shop.Id}")).ShouldBe<AnalyticsSummary>(200);
        onShop.ChannelId.ShouldBe(shop.Id);
        onShop.Messages.ShouldBe(new SummaryMessages(1, 1, 0, 0, new SummaryStatuses(0, 0, 0, 0, 0), onShop.Messages.ByChannel));
        onShop.Messages.ByChannel.ShouldBe([new SummaryChannel(shop.Id, "webchat", "Shop", 1, 0)]);
        onShop.Conversations.ShouldBe(new SummaryConversations(1, 0));
        onShop.FirstResponseTime.ShouldBe(new SummaryDurations(0, null, null));
        onShop.ResolutionTime.ShouldBe(new SummaryDurations(0, null, null));

        var agents = (await tenant.AdminApi.GetAsync($"{Route}?{window}&assignee_id={agent.User.Id}")).ShouldBe<AnalyticsSummary>(200);
        agents.AssigneeId.ShouldBe(agent.User.Id);
        agents.Messages.ShouldBe(new SummaryMessages(4, 2, 2, 1, new SummaryStatuses(0, 2, 0, 0, 0), agents.Messages.ByChannel));
        agents.Conversations.ShouldBe(new SummaryConversations(1, 1));
        agents.FirstResponseTime.Count.ShouldBe(1);
        agents.ResolutionTime.Count.ShouldBe(1);

        var mine = (await tenant.AdminApi.GetAsync($"{Route}?{window}&assignee_id=me")).ShouldBe<AnalyticsSummary>(200);
        mine.AssigneeId.ShouldBe(tenant.Admin.Id);
        mine.Messages.Inbound.ShouldBe(1);
        mine.Conversations.ShouldBe(new SummaryConversations(1, 0));

        var both = (await tenant.AdminApi.GetAsync($"{Route}?{window}&channel_id={website.Id}&assignee_id={tenant.Admin.Id}"))
            .ShouldBe<AnalyticsSummary>(200);
        both.Messages.Total.ShouldBe(0);
        both.Conversations.ShouldBe(new SummaryConversations(0, 0));

        var later = (await tenant.AdminApi.GetAsync($"{Route}?from={Stamp(DateTimeOffset.UtcNow.AddMinutes(1))}&to={Stamp(DateTimeOffset.UtcNow.AddMinutes(2))}"))
            .ShouldBe<AnalyticsSummary>(200);
        later.Messages.Total.ShouldBe(0);
        later.Messages.ByChannel.ShouldBeEmpty();

        // The other tenant sees its own traffic only.
        var theirsSummary = (await other.AdminApi.GetAsync($"{Route}?{window}")).ShouldBe<AnalyticsSummary>(200);
        (theirsSummary.Messages.Inbound, theirsSummary.Messages.Outbound).ShouldBe((1L, 1L));
        theirsSummary.Conversations.ShouldBe(new SummaryConversations(1, 1));
    }

    [Fact]
    public async Task TheWindowDefaultsToTheLastSevenDays()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);

        var summary = (await tenant.AdminApi.GetAsync(Route)).ShouldBe<AnalyticsSummary>(200);
        var explicitTo = (await tenant.AdminApi.GetAsync($"{Route}?to=2026-03-08T12:00:00%2B02:00")).ShouldBe<AnalyticsSummary>(200);

        summary.To.ShouldBeInRange(before, DateTimeOffset.UtcNow);
        (summary.To - summary.From).ShouldBe(TimeSpan.FromDays(7));
        explicitTo.To.ShouldBe(new DateTimeOffset(2026, 3, 8, 10, 0, 0, TimeSpan.Zero));
        explicitTo.From.ShouldBe(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        summary.Messages.ByStatus.ShouldBe(new SummaryStatuses(0, 0, 0, 0, 0));
        summary.FirstResponseTime.ShouldBe(new SummaryDurations(0, null, null));
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-01", "from")]
    [InlineData("from=2026-11-01T00:00:00", "from")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:01Z", "from")]
    [InlineData("channel_id=website", "channel_id")]
    [InlineData("assignee_id=someone", "assignee_id")]
    public async Task BadInputIsRefusedNamingTheField(string query, string field)
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.GetAsync($"{Route}?{query}")).ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task AYearIsTheLongestWindow()
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.GetAsync($"{Route}?from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z")).ShouldBe(200); // 366 days (a leap year)
        (await tenant.AdminApi.GetAsync($"{Route}?from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00.000001Z")).ShouldBeValidationProblem("from");
    }

    [Fact]
    public async Task AnotherTenantsOrAnUnknownChannelOrUserIs404AndAgentsAreRefused()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var other = await TestTenant.CreateAsync(node);
        var theirChannel = await other.WebChatAsync();
        var key = (await tenant.AdminApi.PostAsync("/api/v1/api_keys", new { name = "reports", scopes = new[] { "admin" } })).ShouldBe<ApiKey>(201);
        var keyApi = new ApiClient(node.CreateHttpClient(key.Key));

        (await tenant.AdminApi.GetAsync($"{Route}?channel_id={theirChannel.Id}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"{Route}?channel_id={Guid.NewGuid()}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"{Route}?assignee_id={other.Admin.Id}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"{Route}?assignee_id={Guid.NewGuid()}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"{Route}?assignee_id={agent.User.Id}")).ShouldBe(200);

        (await agent.Api.GetAsync(Route)).ShouldBeProblem(403, "forbidden");
        (await keyApi.GetAsync($"{Route}?assignee_id={agent.User.Id}")).ShouldBe(200);
        (await keyApi.GetAsync($"{Route}?assignee_id=me")).ShouldBeValidationProblem("assignee_id");
        (await node.AnonymousApi.GetAsync(Route)).ShouldBeProblem(401, "unauthorized");
    }

    private static string Stamp(DateTimeOffset at) =>
        Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
}
