using Linktor.Api.Realtime;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Tenant isolation (ARCHITECTURE.md, "Guarantees"): no credential of tenant B can read, write or learn of tenant
/// A's data. Every id-taking position of the app (found from its endpoint metadata and hub types) has a probe
/// here; a route-id answers B <c>404 not_found</c>, an id elsewhere answers exactly as an unknown id would.
/// </summary>
public sealed class TenantIsolationTests(LinktorNode node) : IAsyncDisposable
{
    private readonly List<FakeWebhookReceiver> _receivers = [];

    /// <summary>Positions that take an id but are not tenant-scoped by design, with why.</summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/webchat/{channelId:guid}/sessions"] =
            "public: a web-chat channel id is published in the site's script tag, and the route takes no tenant credential",
        ["POST /api/v1/webchat/{channelId:guid}/media"] =
            "a visitor's route: no tenant credential is accepted, and a visitor token answers 404 for any channel but its own (WebChatAttachmentTests)",
        ["GET /widget/{channelId:guid}.js"] = "public: the widget script of a web-chat channel, served to any browser",
        ["GET /openapi/{documentName}.json"] = "a document name, not an id",
        ["GET /media/{id}"] =
            "public: an uploaded attachment by its unguessable id, which WhatsApp, Twilio and Telegram fetch with no credential (MediaUploadTests)",
        ["GET /hooks/{channelId:guid}"] =
            "public: a provider's webhook; it carries no tenant credential and is verified with the channel's own secrets (Channels/*ChannelTests)",
        ["POST /hooks/{channelId:guid}"] =
            "public: a provider's webhook; it carries no tenant credential and is verified with the channel's own secrets (Channels/*ChannelTests)",
        ["GET {*path:nonfile:inbox}"] = "a client route of the inbox app: always index.html, which holds no data",
        ["HEAD {*path:nonfile:inbox}"] = "a client route of the inbox app: always index.html, which holds no data",
    };

    private static readonly object Text = new { type = "text", text = "probe" };

    /// <summary>One probe per id position. <see cref="Expect.NotFound"/>: B gets 404 not_found for A's id.
    /// <see cref="Expect.SameAsUnknown"/>: B gets the same answer for A's id as for an id that exists nowhere.</summary>
    private static readonly Probe[] Probes =
    [
        new("GET /api/v1/users/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/users/{x.User}")),
        new("PATCH /api/v1/users/{id:guid}", Expect.NotFound, (api, x, _) => api.PatchAsync($"/api/v1/users/{x.User}", new { name = "Hijacked" })),
        new("DELETE /api/v1/users/{id:guid}", Expect.NotFound, (api, x, _) => api.DeleteAsync($"/api/v1/users/{x.User}")),
        new("DELETE /api/v1/api_keys/{id:guid}", Expect.NotFound, (api, x, _) => api.DeleteAsync($"/api/v1/api_keys/{x.ApiKey}")),
        new("GET /api/v1/channels/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/channels/{x.Channel}")),
        new("PATCH /api/v1/channels/{id:guid}", Expect.NotFound, (api, x, _) => api.PatchAsync($"/api/v1/channels/{x.Channel}", new { name = "Hijacked" })),
        new("DELETE /api/v1/channels/{id:guid}", Expect.NotFound, (api, x, _) => api.DeleteAsync($"/api/v1/channels/{x.Channel}")),
        new("POST /api/v1/channels/{id:guid}/test", Expect.NotFound, (api, x, _) => api.PostAsync($"/api/v1/channels/{x.Channel}/test")),
        new("GET /api/v1/contacts/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/contacts/{x.Contact}")),
        new("PATCH /api/v1/contacts/{id:guid}", Expect.NotFound, (api, x, _) => api.PatchAsync($"/api/v1/contacts/{x.Contact}", new { name = "Hijacked" })),
        new("DELETE /api/v1/contacts/{id:guid}", Expect.NotFound, (api, x, _) => api.DeleteAsync($"/api/v1/contacts/{x.Contact}")),
        new("GET /api/v1/contacts/{id:guid}/export", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/contacts/{x.Contact}/export")),
        new("GET /api/v1/conversations/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/conversations/{x.Conversation}")),
        new("PATCH /api/v1/conversations/{id:guid}", Expect.NotFound,
            (api, x, _) => api.PatchAsync($"/api/v1/conversations/{x.Conversation}", new { status = "resolved", labels = new[] { "hijacked" } })),
        new("GET /api/v1/conversations/{id:guid}/messages/", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/conversations/{x.Conversation}/messages")),
        new("POST /api/v1/conversations/{id:guid}/messages/", Expect.NotFound,
            (api, x, _) => api.PostAsync($"/api/v1/conversations/{x.Conversation}/messages", new { content = Text })),
        new("GET /api/v1/messages/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/messages/{x.Message}")),
        new("GET /api/v1/messages/{id:guid}/media", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/messages/{x.Message}/media")),
        new("GET /api/v1/canned_responses/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/canned_responses/{x.CannedResponse}")),
        new("PATCH /api/v1/canned_responses/{id:guid}", Expect.NotFound,
            (api, x, _) => api.PatchAsync($"/api/v1/canned_responses/{x.CannedResponse}", new { content = "Hijacked" })),
        new("DELETE /api/v1/canned_responses/{id:guid}", Expect.NotFound, (api, x, _) => api.DeleteAsync($"/api/v1/canned_responses/{x.CannedResponse}")),
        new("GET /api/v1/webhooks/{id:guid}", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/webhooks/{x.Webhook}")),
        new("PATCH /api/v1/webhooks/{id:guid}", Expect.NotFound,
            (api, x, _) => api.PatchAsync($"/api/v1/webhooks/{x.Webhook}", new { url = "https://attacker.example.com/hook" })),
        new("DELETE /api/v1/webhooks/{id:guid}", Expect.NotFound, (api, x, _) => api.DeleteAsync($"/api/v1/webhooks/{x.Webhook}")),
        new("GET /api/v1/webhooks/{id:guid}/deliveries", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/webhooks/{x.Webhook}/deliveries")),
        new("GET /api/v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}", Expect.NotFound,
            (api, x, _) => api.GetAsync($"/api/v1/webhooks/{x.Webhook}/deliveries/{x.Delivery}")),
        new("POST /api/v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Expect.NotFound,
            (api, x, _) => api.PostAsync($"/api/v1/webhooks/{x.Webhook}/deliveries/{x.Delivery}/redeliver")),

        new("POST /api/v1/conversations/ body:contact_id", Expect.NotFound,
            (api, x, own) => api.PostAsync("/api/v1/conversations", new { contact_id = x.Contact, channel_id = own.Channel })),
        new("POST /api/v1/conversations/ body:channel_id", Expect.NotFound,
            (api, x, own) => api.PostAsync("/api/v1/conversations", new { contact_id = own.Contact, channel_id = x.Channel })),
        new("POST /api/v1/messages/ body:channel_id", Expect.NotFound,
            (api, x, _) => api.PostAsync("/api/v1/messages", new { channel_id = x.Channel, to = x.VisitorId, content = Text })),
        new("POST /api/v1/messages/ body:content.reply_to_message_id", Expect.SameAsUnknown,
            (api, x, own) => api.PostAsync("/api/v1/messages",
                new { channel_id = own.Channel, to = own.VisitorId, content = new { type = "text", text = "re", reply_to_message_id = x.Message } })),
        new("POST /api/v1/messages/ body:content.reaction.message_id", Expect.SameAsUnknown,
            (api, x, own) => api.PostAsync("/api/v1/messages",
                new { channel_id = own.Channel, to = own.VisitorId, content = new { type = "reaction", reaction = new { message_id = x.Message, emoji = "👍" } } })),
        new("POST /api/v1/conversations/{id:guid}/messages/ body:content.reply_to_message_id", Expect.SameAsUnknown,
            (api, x, own) => api.PostAsync($"/api/v1/conversations/{own.Conversation}/messages",
                new { content = new { type = "text", text = "re", reply_to_message_id = x.Message } })),
        new("POST /api/v1/conversations/{id:guid}/messages/ body:content.reaction.message_id", Expect.SameAsUnknown,
            (api, x, own) => api.PostAsync($"/api/v1/conversations/{own.Conversation}/messages",
                new { content = new { type = "reaction", reaction = new { message_id = x.Message, emoji = "👍" } } })),
        new("PATCH /api/v1/conversations/{id:guid} body:assignee_id", Expect.SameAsUnknown,
            (api, x, own) => api.PatchAsync($"/api/v1/conversations/{own.Conversation}", new { assignee_id = x.User })),
        new("POST /api/v1/contacts/ body:identities[].channel_id", Expect.SameAsUnknown,
            (api, x, _) => api.PostAsync("/api/v1/contacts", new { name = "Probe", identities = new[] { new { channel_id = x.Channel, external_id = x.VisitorId } } })),
        new("PATCH /api/v1/contacts/{id:guid} body:identities[].channel_id", Expect.SameAsUnknown,
            (api, x, own) => api.PatchAsync($"/api/v1/contacts/{own.Contact}", new { identities = new[] { new { channel_id = x.Channel, external_id = x.VisitorId } } })),
        new("GET /api/v1/conversations/ query:channel_id", Expect.SameAsUnknown, (api, x, _) => api.GetAsync($"/api/v1/conversations?channel_id={x.Channel}")),
        new("GET /api/v1/conversations/ query:contact_id", Expect.SameAsUnknown, (api, x, _) => api.GetAsync($"/api/v1/conversations?contact_id={x.Contact}")),
        new("GET /api/v1/conversations/ query:assignee_id", Expect.SameAsUnknown, (api, x, _) => api.GetAsync($"/api/v1/conversations?assignee_id={x.User}")),
        new("GET /api/v1/analytics/summary query:channel_id", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/analytics/summary?channel_id={x.Channel}")),
        new("GET /api/v1/analytics/summary query:assignee_id", Expect.NotFound, (api, x, _) => api.GetAsync($"/api/v1/analytics/summary?assignee_id={x.User}")),
    ];

    /// <summary>The hub methods that take an id, probed by <see cref="TenantBsInboxConnectionCanNeitherJoinNorReadNorTouchTenantAsConversation"/>.</summary>
    private static readonly string[] HubProbes =
    [
        "hub /hubs/inbox JoinConversation(conversationId)",
        "hub /hubs/inbox LeaveConversation(conversationId)",
        "hub /hubs/inbox Typing(conversationId)",
        "hub /hubs/inbox MarkRead(conversationId)",
        "hub /hubs/inbox Resync(conversationId)",
    ];

    private enum Expect
    {
        NotFound,
        SameAsUnknown,
    }

    [Fact]
    public void EveryIdTakingPositionOfTheAppHasAnIsolationProbe()
    {
        var positions = IdPositions.Discover(node.Services.GetRequiredService<EndpointDataSource>(),
            [("/hubs/inbox", typeof(InboxHub)), ("/hubs/webchat", typeof(WebChatHub))]);
        var covered = Probes.Select(p => p.Key).Concat(HubProbes).Concat(Exempt.Keys).ToHashSet(StringComparer.Ordinal);

        positions.ShouldNotBeEmpty();
        positions.Where(p => !covered.Contains(p)).ShouldBeEmpty(
            "these positions take an id but have no isolation probe; add one to TenantIsolationTests.Probes (or, if public by design, to Exempt)");
        // And no probe is stale: each names a position the app has (assignee_id is a string that takes a user id).
        Probes.Select(p => p.Key).Concat(HubProbes).Where(k => !positions.Contains(k) && !k.EndsWith("query:assignee_id", StringComparison.Ordinal))
            .ShouldBeEmpty("these probes name positions the app no longer has");
    }

    [Fact]
    public async Task TenantBGets404ForEveryIdOfTenantAOnEveryRouteAndNothingOfTenantAChanges()
    {
        var a = await SetUpTenantAAsync();
        var b = await TestTenant.CreateAsync(node, "Tenant B");
        var bAgent = await b.CreateUserAsync();
        var bKey = (await b.AdminApi.PostAsync("/api/v1/api_keys", new { name = "b-admin", scopes = new[] { "admin" } })).ShouldBe<ApiKey>(201);
        var (bConversation, bVisitor) = await b.StartConversationAsync();
        var own = new Own((await b.WebChatAsync()).Id, bVisitor.ContactId, bConversation.Id, bVisitor.VisitorId);
        var unknown = new Ids(
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid().ToString(), Guid.NewGuid(),
            Guid.NewGuid(), Guid.NewGuid());
        var before = await SnapshotAsync(a.Tenant.Id);
        var callers = new (string Name, ApiClient Api, bool Admin)[]
        {
            ("B's admin (session token)", b.AdminApi, true),
            ("B's admin API key", new ApiClient(node.CreateHttpClient(bKey.Key)), true),
            ("B's agent", bAgent.Api, false),
        };

        foreach (var (caller, api, admin) in callers)
        {
            foreach (var probe in Probes)
            {
                // A's admin for user routes as well as an agent: the last admin is the most tempting target.
                foreach (var ids in a.Ids)
                {
                    var answer = await probe.Send(api, ids, own);
                    var baseline = await probe.Send(api, unknown, own);
                    var context = $"{caller}, {probe.Key} with tenant A's ids";
                    if (probe.Expect == Expect.NotFound && (admin || answer.Status != 403))
                    {
                        answer.ShouldBeProblem(404, "not_found");
                    }

                    Same(answer, baseline, context);
                }
            }
        }

        (await SnapshotAsync(a.Tenant.Id)).ShouldBe(before, "tenant A's rows, grain state included, are exactly as they were");
        // A still works as before.
        (await a.Tenant.AdminApi.GetAsync($"/api/v1/conversations/{a.Ids[0].Conversation}")).ShouldBe<Conversation>(200).Status.ShouldBe("open");
    }

    [Fact]
    public async Task TenantBsInboxConnectionCanNeitherJoinNorReadNorTouchTenantAsConversation()
    {
        var a = await SetUpTenantAAsync();
        var b = await TestTenant.CreateAsync(node, "Tenant B");
        var (bConversation, _) = await b.StartConversationAsync();
        var aConversation = a.Ids[0].Conversation;
        var before = await SnapshotAsync(a.Tenant.Id);
        await using var bInbox = await b.ConnectInboxAsync();
        await using var aInbox = await a.Tenant.ConnectInboxAsync();
        await aInbox.InvokeAsync("JoinConversation", aConversation);

        await Should.ThrowAsync<HubException>(() => bInbox.InvokeAsync("JoinConversation", aConversation));
        await Should.ThrowAsync<HubException>(() => bInbox.InvokeAsync<List<Message>>("Resync", aConversation, 0L));
        await Should.ThrowAsync<HubException>(() => bInbox.InvokeAsync("Typing", aConversation, true));
        await Should.ThrowAsync<HubException>(() => bInbox.InvokeAsync("MarkRead", aConversation, 100L));
        // Leaving a group one is not in is a no-op, the same for any id.
        await bInbox.InvokeAsync("LeaveConversation", aConversation);
        await bInbox.InvokeAsync("LeaveConversation", Guid.NewGuid());

        (await SnapshotAsync(a.Tenant.Id)).ShouldBe(before, "B's hub calls changed nothing of A (A's unread visitor message is still unread)");
        (await a.Tenant.AdminApi.GetAsync($"/api/v1/conversations/{aConversation}")).ShouldBe<Conversation>(200).UnreadCount.ShouldBe(1);
        aInbox.Events.All<System.Text.Json.JsonElement>("typing").ShouldBeEmpty();

        // B sees none of A's events: A's message is published before B's, so it would have arrived first.
        await bInbox.InvokeAsync("JoinConversation", bConversation.Id);
        var aMessage = await a.Tenant.SendTextAsync(aConversation, "for A's eyes only");
        await aInbox.WaitForAsync<Message>("message.created", m => m.Id == aMessage.Id, "A's agent watches A's conversation");
        var bMessage = await b.SendTextAsync(bConversation.Id, "B's own");
        await bInbox.WaitForAsync<Message>("message.created", m => m.Id == bMessage.Id, "B's agent watches B's conversation");
        await bInbox.WaitForAsync<Conversation>("conversation.updated", c => c.Id == bConversation.Id && c.LastSeq == bMessage.Seq, "B's list");
        bInbox.Events.All<Message>("message.created").ShouldAllBe(m => m.ConversationId == bConversation.Id);
        bInbox.Events.All<Conversation>("conversation.updated").ShouldAllBe(c => c.Id == bConversation.Id);
        aInbox.Events.All<Conversation>("conversation.updated").ShouldNotContain(c => c.Id == bConversation.Id);
    }

    private static void Same(ApiResponse answer, ApiResponse baseline, string context)
    {
        answer.Status.ShouldBe(baseline.Status, $"{context}: answered {answer}, but an unknown id answers {baseline}");
        if (answer.MediaType == "application/problem+json")
        {
            var (x, y) = (answer.As<Problem>(), baseline.As<Problem>());
            x.Code.ShouldBe(y.Code, context);
            (x.Errors?.Keys.Order().ToList() ?? []).ShouldBe(y.Errors?.Keys.Order().ToList() ?? [], context);
        }
        else if (answer.Status == 200 && answer.Json.TryGetProperty("data", out var data))
        {
            data.GetArrayLength().ShouldBe(0, $"{context}: {answer}");
            baseline.Json.GetProperty("data").GetArrayLength().ShouldBe(0, context);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var receiver in _receivers)
        {
            await receiver.DisposeAsync();
        }
    }

    /// <summary>Tenant A with one of everything, its outbox and webhook deliveries drained so that nothing of A moves on its own.</summary>
    private async Task<TenantA> SetUpTenantAAsync()
    {
        var a = await TestTenant.CreateAsync(node, "Tenant A");
        var receiver = new FakeWebhookReceiver();
        _receivers.Add(receiver);
        await receiver.StartAsync();
        var webhook = (await a.AdminApi.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "message.created" } }))
            .ShouldBe<Webhook>(201);
        var agent = await a.CreateUserAsync();
        var key = (await a.AdminApi.PostAsync("/api/v1/api_keys", new { name = "a-key", scopes = new[] { "agent" } })).ShouldBe<ApiKey>(201);
        var (conversation, visitor) = await a.StartConversationAsync("Alice of A");
        await using (var visitorHub = await a.ConnectVisitorAsync(visitor))
        {
            // An inbound message leaves the conversation one unread: a read mark from B would show.
            await visitorHub.InvokeAsync<Message>("SendMessage", new { type = "text", text = "A visitor of A writes" });
        }

        var message = await a.SendTextAsync(conversation.Id, "A's secret");
        await a.SendTextAsync(conversation.Id, "A's note", isPrivate: true);
        (await a.AdminApi.PostAsync("/api/v1/contacts", new { name = "Another of A", email = "another@a.example.com" })).ShouldBe(201);
        var reply = (await a.AdminApi.PostAsync("/api/v1/canned_responses", new { short_code = "a-only", content = "A's canned reply" }))
            .ShouldBe<CannedResponse>(201);
        await WaitUntilSentAsync(a.Id);
        var delivery = await Eventually.GetAsync(async () =>
            (await a.AdminApi.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries")).ShouldBe<Page<WebhookDelivery>>(200).Data
                is { Count: 3 } deliveries && deliveries.All(d => d.Status == "succeeded") ? deliveries[0] : null,
            TimeSpan.FromSeconds(20), "A's three message events are delivered to A's endpoint", TestContext.Current.CancellationToken);
        var ids = new Ids(
            agent.User.Id, key.Id, conversation.ChannelId, visitor.ContactId, conversation.Id, message.Id, visitor.VisitorId, reply.Id, webhook.Id, delivery.Id);
        return new TenantA(a, [ids, ids with { User = a.Admin.Id }]);
    }

    private async Task WaitUntilSentAsync(Guid tenantId) =>
        await Eventually.TrueAsync(async () =>
        {
            await using var cmd = node.Database.DataSource.CreateCommand("SELECT count(*) FROM messages WHERE tenant_id = $1 AND status = 'queued'");
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            return (long)(await cmd.ExecuteScalarAsync())! == 0;
        }, TimeSpan.FromSeconds(20), "the tenant's outbox is drained", TestContext.Current.CancellationToken);

    private Task<string> SnapshotAsync(Guid tenantId) => TenantSnapshot.TakeAsync(node.Database.DataSource, tenantId);

    private sealed record Ids(
        Guid User, Guid ApiKey, Guid Channel, Guid Contact, Guid Conversation, Guid Message, string VisitorId, Guid CannedResponse, Guid Webhook, Guid Delivery);

    private sealed record Own(Guid Channel, Guid Contact, Guid Conversation, string VisitorId);

    private sealed record TenantA(TestTenant Tenant, IReadOnlyList<Ids> Ids);

    private sealed record Probe(string Key, Expect Expect, Func<ApiClient, Ids, Own, Task<ApiResponse>> Send);
}
