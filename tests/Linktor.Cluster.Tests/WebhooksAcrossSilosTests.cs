using System.Net.Http.Json;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// Outbound webhooks in a cluster: every silo writes the events of the conversations it hosts and every silo's
/// worker sends from the one queue, yet each event reaches the endpoint exactly once (it answers at once, so
/// nothing is retried), signed, whichever API node took the send and whichever silo hosts the conversation.
/// </summary>
public sealed class WebhooksAcrossSilosTests(ClusterFixture cluster) : IAsyncDisposable
{
    private const int Conversations = 30;
    private const int Messages = 150;
    private readonly FakeWebhookReceiver _receiver = new();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task EveryEventOfEverySiloReachesTheEndpointExactlyOnce()
    {
        await cluster.EnsureSilosAsync();
        await _receiver.StartAsync();
        var tenant = await ClusterTenant.CreateAsync(cluster, Conversations);
        var (node1, node2) = (cluster.ApiNodes[0], cluster.ApiNodes[1]);
        using var api1 = cluster.CreateHttpClient(node1, tenant.ApiKey);
        using var api2 = cluster.CreateHttpClient(node2, tenant.ApiKey);
        var webhook = await ClusterTenant.ReadAsync<WebhookCreatedRef>(
            await api1.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, events = new[] { "message.created" } }, TestContext.Current.CancellationToken));
        await WaitUntilEverySiloSendsEventsAsync(api2, tenant);
        var probes = _receiver.Delivered.Count;

        var sent = new List<MessageRef>();
        for (var i = 0; i < Messages; i++)
        {
            var api = i % 2 == 0 ? api1 : api2;
            sent.Add(await ClusterTenant.SendTextAsync(api, tenant.Conversations[i % Conversations], $"event {i}"));
        }

        var ids = sent.Select(m => m.Id).ToHashSet();
        await Eventually.TrueAsync(() => Task.FromResult(ids.IsSubsetOf(DeliveredMessageIds())), TimeSpan.FromSeconds(60),
            "every message's event reaches the endpoint", TestContext.Current.CancellationToken);
        var deliveries = _receiver.Delivered.Skip(probes).Where(r => ids.Contains(MessageIdOf(r))).ToList();
        deliveries.Count.ShouldBe(Messages, "one POST per event: no silo sent an event another had sent");
        deliveries.Select(r => r.Json.GetProperty("id").GetGuid()).Distinct().Count().ShouldBe(Messages);
        deliveries.ShouldAllBe(r => FakeWebhookReceiver.Verify(r, webhook.Secret));
        await Eventually.TrueAsync(async () => await CountDeliveriesAsync(tenant.Id) == _receiver.Delivered.Count, TimeSpan.FromSeconds(10),
            "one stored delivery per event, each recorded as sent once", TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A silo learns of a new endpoint within its refresh interval (a couple of seconds); until then its events are
    /// not queued for it. Probes every conversation until each has had an event delivered.
    /// </summary>
    private async Task WaitUntilEverySiloSendsEventsAsync(HttpClient api, ClusterTenant tenant)
    {
        var confirmed = new HashSet<Guid>();
        await Eventually.TrueAsync(async () =>
        {
            var probes = new List<MessageRef>();
            foreach (var conversation in tenant.Conversations.Where(c => !confirmed.Contains(c)))
            {
                probes.Add(await ClusterTenant.SendTextAsync(api, conversation, "probe"));
            }

            try
            {
                await Eventually.TrueAsync(() => Task.FromResult(probes.All(p => DeliveredMessageIds().Contains(p.Id))), TimeSpan.FromSeconds(3), "probes");
            }
            catch (Xunit.Sdk.XunitException)
            {
            }

            confirmed.UnionWith(probes.Where(p => DeliveredMessageIds().Contains(p.Id)).Select(p => p.ConversationId));
            return confirmed.Count == tenant.Conversations.Count;
        }, TimeSpan.FromSeconds(60), "every silo queues the tenant's events for the new endpoint", TestContext.Current.CancellationToken);
    }

    private HashSet<Guid> DeliveredMessageIds() => [.. _receiver.Delivered.Select(MessageIdOf)];

    private static Guid MessageIdOf(RecordedRequest request) => request.Json.GetProperty("data").GetProperty("id").GetGuid();

    private async Task<int> CountDeliveriesAsync(Guid tenantId)
    {
        await using var cmd = cluster.Database.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE tenant_id = $1 AND status = 'succeeded'");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (int)(long)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
