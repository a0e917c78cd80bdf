using System.Net.Http.Json;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// PostgreSQL or Redis restarts while sends run through both API nodes (the cluster's own private instances,
/// so no other test assembly notices). No Linktor process is restarted: the cluster recovers on its own.
/// </summary>
public sealed class BackingServiceRestartTests(ClusterFixture cluster)
{
    private const int Conversations = 200;
    private const int PerSecond = 200;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PostgresStoppedFor20SecondsAnswers503WithRetryAfterThenRecoversLosingNoAcknowledgedMessageOrEvent()
    {
        await cluster.EnsureSilosAsync();
        var processes = cluster.Nodes.Where(n => n.IsAlive).ToList();
        var tenant = await ClusterTenant.CreateAsync(cluster, Conversations);
        await using var webhook = await MessageCreatedWebhook.SubscribeAsync(cluster, tenant);
        var load = new SendLoad(cluster, tenant, PerSecond, "pg");
        var run = load.RunAsync(TimeSpan.FromMinutes(2));
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await load.WhenAcknowledgedAsync(PerSecond * 3).WaitAsync(StepTimeout, ct);
            var stoppedAt = load.Now;
            await ClusterFixture.StopPostgresAsync();
            cluster.Database.Clear(); // the test's own pooled connections died with the server
            // The outage lasts until the callers have seen it: sends started after the stop are refused.
            await load.WhenAsync(o => o.Started > stoppedAt && o.Status == 503).WaitAsync(StepTimeout, ct);
            // An outage of 20 s: the events of the sends acknowledged just before it wait in PostgreSQL, not in a silo's memory.
            // (Holding the outage for its length is the test's point, not a wait for a condition.)
            if (Outage - (load.Now - stoppedAt) is { Ticks: > 0 } rest)
            {
                await Task.Delay(rest, ct);
            }

            await ClusterFixture.StartPostgresAsync();
            cluster.Database.Clear();
            var restartedAt = load.Now;
            // Recovered: a good run of sends started after the restart is acknowledged.
            await load.WhenAsync(_ => load.Outcomes.Count(o => o.Started > restartedAt && o.Acknowledged) >= PerSecond * 3).WaitAsync(StepTimeout * 2, ct);
            load.Stop();
            var outcomes = await run;

            LoadSummary.Of(outcomes, stoppedAt).Report("PostgreSQL stopped and started");
            LoadSummary.ShouldBeAcknowledgedOrUnavailable(outcomes);
            outcomes.Count(o => o.Status == 503).ShouldBeGreaterThan(0, "the outage was seen by callers");
            var (after, _, refusing) = await Recovery.SendToEveryConversationAsync(cluster, tenant, "after-pg", StepTimeout * 2);
            refusing.ShouldBeEmpty("every conversation accepts messages after the restart");
            LoadSummary.ShouldBeAcknowledgedOrUnavailable(after);
            await StoredMessages.ShouldHoldExactlyOnceAsync(cluster.Database, tenant.Id, outcomes.Concat(after));
            await webhook.ShouldHaveDeliveredEveryStoredMessageAsync(cluster.Database, tenant.Id, outcomes.Concat(after), "PostgreSQL stopped 20 s", StepTimeout * 2);
            processes.Where(p => !p.IsAlive).Select(p => p.Name).ShouldBeEmpty("no Linktor process died or was restarted");
        }
        catch
        {
            load.Stop();
            cluster.ReportLogs();
            throw;
        }
    }

    /// <summary>
    /// Right after a PostgreSQL restart with the cluster idle, as when one test restarts it and the next begins: an
    /// API node that has not used its pool since holds only connections the server closed, and the first request
    /// to use one fails. It fails the retryable way (503, Retry-After), the node reports ready only once a login
    /// through it succeeds, and a test's setup, which waits for every node to report ready, goes through.
    /// </summary>
    [Fact]
    public async Task RightAfterAPostgresRestartTheNodesReportReadyOnlyWhenALoginSucceedsAndTheSetupWaitsForIt()
    {
        var tenant = await ClusterTenant.CreateAsync(cluster, conversations: 0);
        // A login through each API node: their pools now hold idle connections, which the restart closes.
        foreach (var node in cluster.ApiNodes)
        {
            (await LoginAsync(node, tenant)).Status.ShouldBe(200, $"a login through {node.Name} before the restart");
        }

        try
        {
            await ClusterFixture.StopPostgresAsync();
            await ClusterFixture.StartPostgresAsync(); // returns once PostgreSQL accepts connections
            cluster.Database.Clear();

            // PostgreSQL is back; a node may still refuse, but only the way a client retries.
            var early = await LoginAsync(cluster.ApiNodes[1], tenant);
            TestContext.Current.TestOutputHelper?.WriteLine($"[PostgreSQL restarted] the first login through {cluster.ApiNodes[1].Name}: {early}");
            if (early.Status != 200)
            {
                early.Status.ShouldBe(503, "a node recovering from the restart answers 503");
                early.Code.ShouldBe("service_unavailable");
                early.RetryAfter.ShouldNotBeNull("the 503 tells the client when to retry");
            }

            // Once every node reports ready, a login through each succeeds at once, and so does a whole test setup
            // (a tenant, its admin's login, an API key, a channel, visitors and conversations).
            await cluster.WaitUntilReadyAsync();
            foreach (var node in cluster.ApiNodes)
            {
                (await LoginAsync(node, tenant)).Status.ShouldBe(200, $"a login through {node.Name} once every node reports ready");
            }

            var next = await ClusterTenant.CreateAsync(cluster, conversations: 8);
            next.Conversations.Count.ShouldBe(8);
        }
        catch
        {
            cluster.ReportLogs();
            throw;
        }
    }

    /// <summary>
    /// While PostgreSQL is down, creating a tenant answers 503 with Retry-After, not 500: the new tenant grain's state
    /// read fails while the grain activates, before any call filter runs, and what the storage throws must still reach
    /// the API node as the retryable failure it is. Once PostgreSQL is back, the same request creates the tenant.
    /// </summary>
    [Fact]
    public async Task WhilePostgresIsDownCreatingATenantAnswers503WithRetryAfterAndOnceItIsBackCreatesIt()
    {
        await cluster.WaitUntilReadyAsync();
        var ct = TestContext.Current.CancellationToken;
        using var platform = cluster.CreateHttpClient(cluster.ApiNodes[0], ClusterFixture.PlatformAdminKey);
        var slug = "pg-down-" + Guid.NewGuid().ToString("N")[..12];
        var body = new { name = slug, slug, admin_email = $"admin@{slug}.example.com", admin_password = ClusterTenant.Password };
        try
        {
            await ClusterFixture.StopPostgresAsync();
            cluster.Database.Clear();
            using var refused = await platform.PostAsJsonAsync("/api/v1/tenants", body, ct);
            var text = await refused.Content.ReadAsStringAsync(ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"[PostgreSQL down] POST /api/v1/tenants: {(int)refused.StatusCode} {text}");
            ((int)refused.StatusCode).ShouldBe(503, $"an unreachable database is a 503, not a 500: {text}");
            refused.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            Wire.Read<ProblemRef>(text).Code.ShouldBe("service_unavailable");
            refused.Headers.RetryAfter.ShouldNotBeNull("the 503 tells the client when to retry");
        }
        catch
        {
            cluster.ReportLogs();
            throw;
        }
        finally
        {
            await ClusterFixture.StartPostgresAsync();
            cluster.Database.Clear();
        }

        await cluster.WaitUntilReadyAsync();
        using var created = await platform.PostAsJsonAsync("/api/v1/tenants", body, ct);
        ((int)created.StatusCode).ShouldBe(201, await created.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task ARedisRestartDoesNotStopTheClusterServing()
    {
        await cluster.EnsureSilosAsync();
        var tenant = await ClusterTenant.CreateAsync(cluster, Conversations);
        var load = new SendLoad(cluster, tenant, PerSecond, "redis");
        var run = load.RunAsync(TimeSpan.FromMinutes(2));
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await load.WhenAcknowledgedAsync(PerSecond * 3).WaitAsync(StepTimeout, ct);
            // A restart: stop (SIGTERM, Redis saves and exits), start again at once.
            var stoppedAt = load.Now;
            await ClusterFixture.StopRedisAsync();
            await ClusterFixture.StartRedisAsync();
            var restartedAt = load.Now;
            await load.WhenAsync(_ => load.Outcomes.Count(o => o.Started > restartedAt && o.Acknowledged) >= PerSecond * 3).WaitAsync(StepTimeout * 2, ct);
            load.Stop();
            var outcomes = await run;

            LoadSummary.Of(outcomes, stoppedAt).Report("Redis restarted");
            // Membership and the backplane live in Redis, but grain calls and writes do not need it: sends go on.
            LoadSummary.ShouldBeAcknowledgedOrUnavailable(outcomes);
            outcomes.Count(o => o.Acknowledged).ShouldBeGreaterThanOrEqualTo(outcomes.Count * 99 / 100, "the cluster keeps serving through a Redis restart");
            await StoredMessages.ShouldHoldExactlyOnceAsync(cluster.Database, tenant.Id, outcomes);

            // The SignalR backplane reconnects: an agent on node 1 again gets a message sent through node 2.
            using var api2 = cluster.CreateHttpClient(cluster.ApiNodes[1], tenant.ApiKey);
            await Eventually.TrueAsync(async () =>
            {
                await using var agent = await HubClient.ConnectAsync(cluster.ApiNodes[0], "/hubs/inbox", tenant.AdminToken);
                await agent.Connection.InvokeAsync("JoinConversation", tenant.Conversations[0], ct);
                var probe = await ClusterTenant.ReadAsync<MessageRef>(await api2.PostAsync(
                    $"/api/v1/conversations/{tenant.Conversations[0]}/messages",
                    JsonContent.Create(new { content = new { type = "text", text = "after redis " + Guid.NewGuid() } }), ct));
                await Eventually.TrueAsync(() => Task.FromResult(agent.CountMessage(probe.Id) > 0), TimeSpan.FromSeconds(2), "probe", ct);
                return true;
            }, StepTimeout, "real-time events cross API nodes again after the Redis restart", ct);
        }
        catch
        {
            load.Stop();
            cluster.ReportLogs();
            throw;
        }
    }

    /// <summary>One password login of the tenant's admin through <paramref name="node"/>: the answer's status, Retry-After and problem code.</summary>
    private async Task<LoginOutcome> LoginAsync(ClusterNode node, ClusterTenant tenant)
    {
        using var anonymous = cluster.CreateHttpClient(node);
        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = tenant.Email, password = ClusterTenant.Password },
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? Wire.Read<ProblemRef>(body) : null;
        return new LoginOutcome((int)response.StatusCode, response.Headers.RetryAfter?.ToString(), problem?.Code);
    }

    private sealed record LoginOutcome(int Status, string? RetryAfter, string? Code);
}
