using System.Net;
using System.Net.Http.Json;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// Messages go to a provider (a fake Telegram Bot API that takes its time to answer) while PostgreSQL goes away for a
/// few seconds and comes back: sends whose answer arrived while the store was gone have that answer recorded once it
/// is back, never a second provider call. The fake counts by content: each message exactly once, each ends <c>sent</c>.
/// (The conversation grain made unreachable is the same guarantee on the other record path: the channel records each
/// outcome itself; Linktor.Grains.Tests' SendOnceTests cut a conversation off on the real runtime.)
/// </summary>
public sealed class ProviderSendsAcrossAPostgresBlipTests(ClusterFixture cluster) : IAsyncDisposable
{
    private const int Chats = 20;
    private const int Messages = 400;
    private const int PerSecond = 40;

    /// <summary>Sends in flight at the provider when the database goes: their answers come back to a store that is gone.</summary>
    private static readonly TimeSpan ProviderLatency = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan Blip = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly FakeTelegram _telegram = new() { ResponseDelay = ProviderLatency };

    public async ValueTask DisposeAsync() => await _telegram.DisposeAsync();

    [Fact]
    public async Task EachMessageReachesTheProviderExactlyOnceAndEndsSentOnceTheDatabaseIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.EnsureSilosAsync();
        await _telegram.StartAsync();
        var tenant = await ClusterTenant.CreateAsync(cluster, conversations: 0);
        using var admin = cluster.CreateHttpClient(cluster.ApiNodes[0], tenant.ApiKey);
        var channel = await ClusterTenant.CreateTelegramChannelAsync(admin, _telegram, new Dictionary<string, string>
        {
            ["rate_limit_per_second"] = "1000",
            ["rate_limit_burst"] = "1000",
            ["recipient_rate_limit_per_second"] = "1000",
            ["recipient_rate_limit_burst"] = "1000",
        });
        var clients = cluster.ApiNodes.Select(n => cluster.CreateHttpClient(n, tenant.ApiKey)).ToList();
        try
        {
            var acknowledged = 0;
            var blip = Task.Run(async () =>
            {
                await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref acknowledged) >= Messages / 4), Deadline, "a quarter acknowledged", ct);
                await Eventually.TrueAsync(() => Task.FromResult(_telegram.Calls("sendMessage").Count > 0), Deadline, "sends reach the provider", ct);
                await ClusterFixture.StopPostgresAsync();
                cluster.Database.Clear();
                await Task.Delay(Blip, ct); // the blip's length is the test's point, not a wait for a condition
                await ClusterFixture.StartPostgresAsync();
                cluster.Database.Clear();
            }, ct);

            // A well-behaved client: one send every 1/PerSecond s, each retried with its idempotency key until accepted.
            var started = DateTime.UtcNow;
            var sends = Enumerable.Range(0, Messages).Select(async i =>
            {
                var due = started + TimeSpan.FromSeconds(i / (double)PerSecond);
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, ct);
                }

                await SendUntilAcceptedAsync(clients[i % clients.Count], channel.Id, i, ct);
                Interlocked.Increment(ref acknowledged);
            }).ToList();
            await Task.WhenAll(sends);
            await blip;

            await Eventually.TrueAsync(async () => await CountAsync(tenant.Id, "sent") == Messages, Deadline,
                "every message ends sent once the database is back", ct);
            (await CountAsync(tenant.Id, null)).ShouldBe(Messages, "each send is stored once");
            var texts = _telegram.Calls("sendMessage").Select(r => r.Json.GetProperty("text").GetString()!).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"[PostgreSQL blip {Blip.TotalSeconds:F0} s] {Messages} messages, {texts.Count} provider calls, {texts.Distinct().Count()} distinct");
            texts.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ShouldBeEmpty("no message reaches the provider twice");
            texts.Order(StringComparer.Ordinal).ShouldBe(Enumerable.Range(0, Messages).Select(Text).Order(StringComparer.Ordinal), "every message reaches the provider");
        }
        catch
        {
            cluster.ReportLogs();
            throw;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static string Text(int i) => $"blip message {i}";

    private static async Task SendUntilAcceptedAsync(HttpClient api, Guid channelId, int i, CancellationToken ct)
    {
        var key = $"blip-{i}";
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            HttpStatusCode? status = null;
            string? body = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
                {
                    Content = JsonContent.Create(new { channel_id = channelId, to = $"{9000 + (i % Chats)}", content = new { type = "text", text = Text(i) } }),
                };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await api.SendAsync(request, ct);
                status = response.StatusCode;
                if (status == HttpStatusCode.Accepted)
                {
                    return;
                }

                body = await response.Content.ReadAsStringAsync(ct);
            }
            catch (HttpRequestException)
            {
                // a connection lost with the node's pool: sent again with the same key
            }

            status.ShouldBeOneOf([null, HttpStatusCode.ServiceUnavailable], $"send {i}: {body}");
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"send {i} is accepted once the database is back");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct); // the client's retry pace (Retry-After is a few seconds; sooner is allowed)
        }
    }

    private async Task<long> CountAsync(Guid tenantId, string? status)
    {
        try
        {
            await using var cmd = cluster.Database.CreateCommand(
                "SELECT count(*) FROM messages WHERE tenant_id = $1 AND direction = 'outbound' AND ($2::text IS NULL OR status = $2)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = status });
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            cluster.Database.Clear(); // a pooled connection from before the restart
            return -1;
        }
    }
}
