using System.Diagnostics;
using System.Globalization;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Microsoft.AspNetCore.SignalR;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Anonymous web chat is throttled per session, per tenant (and per address): a script gets "rate_limited" answers and
/// nothing stored beyond its allowance, while other visitors and other tenants carry on. Each test has its own tenant.
/// </summary>
public sealed class WebChatLimitTests(WebChatLimitedNode node) : IClassFixture<WebChatLimitedNode>
{
    [Fact]
    public async Task AVisitorSending300MessagesInABurstHasMostRefusedAndAtMostItsAllowanceStored()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);

        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => TrySendAsync(visitor, $"spam {i}")));
        var allowed = WebChatLimitedNode.Allowed(WebChatLimitedNode.SessionBurst, clock.Elapsed);

        var sent = outcomes.Count(o => o is null);
        sent.ShouldBeGreaterThan(0);
        sent.ShouldBeLessThanOrEqualTo(allowed);
        outcomes.Where(o => o is not null && !IsRateLimited(o)).ShouldBeEmpty();
        (await tenant.CountRowsAsync()).Messages.ShouldBe(sent, "a refused message stores nothing");
    }

    [Fact]
    public async Task AnotherVisitorIsNotHeldBackByOneWhoUsedUpTheirSessionsAllowance()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var noisy = await tenant.StartVisitorAsync(name: "Noisy");
        var quiet = await tenant.StartVisitorAsync(name: "Quiet");
        await using var noisyTab = await tenant.ConnectVisitorAsync(noisy);
        await using var quietTab = await tenant.ConnectVisitorAsync(quiet);

        string? refusal = null;
        for (var i = 0; refusal is null; i++)
        {
            i.ShouldBeLessThan(100, "the noisy session is refused once its burst is spent");
            refusal = await TrySendAsync(noisyTab, $"again {i}");
        }

        // Same address, same tenant, another session: its own bucket is full.
        var answer = await quietTab.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Hello, is the shop open?" });
        answer.Sender.Id.ShouldBe(quiet.ContactId);
        // ... and the noisy one is still refused.
        IsRateLimited((await TrySendAsync(noisyTab, "and again")).ShouldNotBeNull()).ShouldBeTrue();
    }

    [Fact]
    public async Task ATenantsVisitorsTogetherAreCappedByTheTenantsLimitAndOtherTenantsAreNot()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        var tabs = new List<HubClient>();
        for (var i = 0; i < WebChatLimitedNode.SessionsBurst; i++)
        {
            tabs.Add(await tenant.ConnectVisitorAsync(await tenant.StartVisitorAsync(name: $"Visitor {i}")));
        }

        try
        {
            // Each session stays within its own burst; together they ask for more than the tenant's.
            var clock = Stopwatch.StartNew();
            var outcomes = await Task.WhenAll(tabs.Select(async (tab, t) =>
            {
                var results = new List<string?>();
                for (var i = 0; i < WebChatLimitedNode.SessionBurst; i++)
                {
                    results.Add(await TrySendAsync(tab, $"visitor {t} message {i}"));
                }

                return results;
            }));
            var allowed = WebChatLimitedNode.Allowed(WebChatLimitedNode.TenantBurst, clock.Elapsed);

            var all = outcomes.SelectMany(o => o).ToList();
            all.Count.ShouldBeGreaterThan(WebChatLimitedNode.TenantBurst + 1);
            var sent = all.Count(o => o is null);
            sent.ShouldBeLessThanOrEqualTo(allowed);
            all.Where(o => o is not null && !IsRateLimited(o)).ShouldBeEmpty();
            (await tenant.CountRowsAsync()).Messages.ShouldBe(sent);

            // Another tenant's visitors have their own allowance.
            await using var elsewhere = await other.ConnectVisitorAsync(await other.StartVisitorAsync());
            (await elsewhere.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Hi" })).Direction.ShouldBe("inbound");
        }
        finally
        {
            foreach (var tab in tabs)
            {
                await tab.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task NewSessionsBeyondTheTenantsLimitAre429WithRetryAfterAndMakeNoContact()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();

        var clock = Stopwatch.StartNew();
        var answers = new List<ApiResponse>();
        for (var i = 0; i < WebChatLimitedNode.SessionsBurst + 3; i++)
        {
            answers.Add(await node.AnonymousApi.PostAsync($"/api/v1/webchat/{channel.Id}/sessions", new { name = $"Visitor {i}" }));
        }

        var allowed = WebChatLimitedNode.Allowed(WebChatLimitedNode.SessionsBurst, clock.Elapsed);
        var created = answers.Count(a => a.Status == 201);
        created.ShouldBeGreaterThanOrEqualTo(WebChatLimitedNode.SessionsBurst);
        created.ShouldBeLessThanOrEqualTo(allowed);
        foreach (var refused in answers.Where(a => a.Status != 201))
        {
            refused.ShouldBeProblem(429, "rate_limited");
            int.Parse(refused.Headers["Retry-After"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        }

        (await tenant.CountRowsAsync()).Contacts.ShouldBe(created);
        // The limit is the tenant's, not the node's.
        (await other.StartVisitorAsync()).ContactId.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task TypingSignalsBeyondTheSessionsAllowanceAreDropped()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);
        var opening = await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Hi" });
        await using var agent = await tenant.ConnectInboxAsync();
        await agent.InvokeAsync("JoinConversation", opening.ConversationId);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            // Dropped, not refused: the widget ignores the answer anyway.
            await visitor.InvokeAsync("Typing", i % 2 == 0);
        }

        var allowed = WebChatLimitedNode.Allowed(WebChatLimitedNode.TypingBurst, clock.Elapsed);
        // Every typing signal that went out was written to the agent's connection before this message was even stored.
        var after = await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Still there?" });
        await agent.WaitForAsync<Message>("message.created", m => m.Id == after.Id, "the message after the typing signals");
        var typing = agent.Events.All<System.Text.Json.JsonElement>("typing");
        typing.Count.ShouldBeGreaterThan(0);
        typing.Count.ShouldBeLessThanOrEqualTo(allowed);
    }

    [Fact]
    public async Task HistoryReadsBeyondTheSessionsAllowanceAreRefused()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);
        await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Hi" });

        var clock = Stopwatch.StartNew();
        var read = 0;
        string? refusal = null;
        while (refusal is null && read < 100)
        {
            try
            {
                (await visitor.InvokeAsync<List<Message>>("Resync", 0L)).Count.ShouldBe(1);
                read++;
            }
            catch (HubException refused)
            {
                refusal = refused.Message;
            }
        }

        IsRateLimited(refusal.ShouldNotBeNull()).ShouldBeTrue();
        read.ShouldBeLessThanOrEqualTo(WebChatLimitedNode.Allowed(WebChatLimitedNode.ResyncBurst, clock.Elapsed));
    }

    /// <summary>The hub's refusal (which the client quotes after its own words): the code, and when to try again.</summary>
    private static bool IsRateLimited(string refusal) =>
        System.Text.RegularExpressions.Regex.IsMatch(refusal, @"\brate_limited: retry in [1-9][0-9]* s\.$");

    /// <summary>Null when the message was stored, else the hub's refusal.</summary>
    private static async Task<string?> TrySendAsync(HubClient visitor, string text)
    {
        try
        {
            await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text });
            return null;
        }
        catch (HubException refused)
        {
            return refused.Message;
        }
    }
}
