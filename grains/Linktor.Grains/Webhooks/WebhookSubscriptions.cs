using Linktor.Storage.Webhooks;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// This silo's view of which tenants want which events, so that events nobody subscribed to cost nothing
/// (no body written, no round trip). Re-read every <see cref="WebhookOptions.SubscriptionRefresh"/>, and at
/// once after a change made on this silo. The database still decides which endpoints get a delivery.
/// </summary>
public sealed class WebhookSubscriptions(WebhookStore store, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private IReadOnlyDictionary<Guid, IReadOnlySet<string>> _current = new Dictionary<Guid, IReadOnlySet<string>>();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private long _changes;
    private long _readAfterChanges = -1;

    public bool Wants(Guid tenantId, string eventName) =>
        _current.TryGetValue(tenantId, out var events) && events.Contains(eventName);

    /// <summary>An endpoint changed on this silo: re-read before the next events are filtered.</summary>
    public void Changed() => Interlocked.Increment(ref _changes);

    /// <summary>Re-reads the subscriptions when they are stale; throws when the database cannot be reached.</summary>
    public async Task EnsureFreshAsync(CancellationToken ct)
    {
        var changes = Interlocked.Read(ref _changes);
        var now = clock.GetUtcNow();
        if (changes == _readAfterChanges && now - _readAt < options.Value.SubscriptionRefresh)
        {
            return;
        }

        _current = await store.ActiveSubscriptionsAsync(ct).ConfigureAwait(false);
        _readAt = now;
        _readAfterChanges = changes;
    }
}
