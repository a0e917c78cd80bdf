using System.Net.Http.Json;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// A tenant's webhook subscribed to <c>message.created</c>, delivered to a receiver in the test process, and the check
/// that every message the tenant stored had its event delivered: at least once, repeated only with the same event id
/// (at-least-once delivery; a receiver dedupes by the id).
/// </summary>
public sealed class MessageCreatedWebhook : IAsyncDisposable
{
    private readonly FakeWebhookReceiver _receiver = new();
    private int _probes;

    private MessageCreatedWebhook()
    {
    }

    /// <summary>Subscribes the tenant and waits until an event reaches the receiver (the dispatcher knows the endpoint).</summary>
    public static async Task<MessageCreatedWebhook> SubscribeAsync(ClusterFixture cluster, ClusterTenant tenant)
    {
        var webhook = new MessageCreatedWebhook();
        await webhook._receiver.StartAsync();
        using var api = cluster.CreateHttpClient(cluster.ApiNodes[0], tenant.ApiKey);
        await ClusterTenant.ReadAsync<WebhookCreatedRef>(await api.PostAsJsonAsync(
            "/api/v1/webhooks", new { url = webhook._receiver.Url, events = new[] { "message.created" } }, TestContext.Current.CancellationToken));

        // Events are matched to endpoints as they are dispatched, and a dispatcher re-reads the endpoints every couple
        // of seconds: probe until one arrives, so that the load's events are all dispatched knowing the endpoint.
        await Eventually.TrueAsync(async () =>
        {
            var probe = await ClusterTenant.SendTextAsync(api, tenant.Conversations[0], "webhook probe " + Interlocked.Increment(ref webhook._probes));
            try
            {
                await Eventually.TrueAsync(() => Task.FromResult(webhook.DeliveredMessageIds().Contains(probe.Id)), TimeSpan.FromSeconds(5), "probe delivered");
                return true;
            }
            catch (Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the tenant's message.created events reach the new endpoint", TestContext.Current.CancellationToken);
        return webhook;
    }

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    /// <summary>
    /// Waits until the event of every message the tenant stored (the acknowledged sends, and any a caller was not told
    /// about) has reached the receiver, then checks repeats carry the same event id and reports the figures.
    /// </summary>
    public async Task ShouldHaveDeliveredEveryStoredMessageAsync(NpgsqlDataSource database, Guid tenantId, IEnumerable<SendOutcome> outcomes, string label, TimeSpan deadline)
    {
        var stored = await StoredMessageIdsAsync(database, tenantId);
        var acknowledged = outcomes.Where(o => o.Acknowledged).Select(o => o.Message!.Id).ToHashSet();
        acknowledged.IsSubsetOf(stored).ShouldBeTrue("every acknowledged send is stored (checked in full by StoredMessages)");
        var started = DateTime.UtcNow;
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(stored.IsSubsetOf(DeliveredMessageIds())), deadline,
                "every stored message's message.created reaches the endpoint", TestContext.Current.CancellationToken);
        }
        finally
        {
            var deliveries = _receiver.Delivered.Select(r => (Message: MessageIdOf(r), Event: r.Json.GetProperty("id").GetGuid()))
                .Where(d => stored.Contains(d.Message)).ToList();
            var delivered = deliveries.Select(d => d.Message).ToHashSet();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"[{label}] events: {stored.Count} produced ({acknowledged.Count} acknowledged sends), {delivered.Count} delivered, "
                + $"{stored.Count - delivered.Count} lost, {deliveries.Count - delivered.Count} repeated deliveries; "
                + $"the last arrived {(DateTime.UtcNow - started).TotalSeconds:F1} s after the check began");
            deliveries.GroupBy(d => d.Message).Where(g => g.Select(d => d.Event).Distinct().Count() > 1).Select(g => g.Key.ToString()).Take(20)
                .ShouldBeEmpty("a repeated delivery carries the event id of the first (one event per message)");
        }
    }

    private HashSet<Guid> DeliveredMessageIds() => [.. _receiver.Delivered.Select(MessageIdOf)];

    private static Guid MessageIdOf(RecordedRequest request) => request.Json.GetProperty("data").GetProperty("id").GetGuid();

    /// <summary>The tenant's stored messages, but for the probes sent before the load.</summary>
    private static async Task<HashSet<Guid>> StoredMessageIdsAsync(NpgsqlDataSource database, Guid tenantId)
    {
        var ids = new HashSet<Guid>();
        await using var cmd = database.CreateCommand("SELECT id FROM messages WHERE tenant_id = $1 AND body NOT LIKE 'webhook probe %'");
        cmd.Parameters.AddWithValue(tenantId);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
