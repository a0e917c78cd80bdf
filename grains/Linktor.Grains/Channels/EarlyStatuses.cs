using Linktor.Adapters;

namespace Linktor.Grains.Channels;

/// <summary>
/// Status callbacks that arrived before the send that they are about recorded its provider id (a
/// provider can call back before its own send answer is processed). Kept a while, in memory, and
/// applied when the id is recorded; dropped (logged) after that. The provider is answered 200 either
/// way: an error would only make it retry the callback forever.
/// </summary>
internal sealed class EarlyStatuses(TimeSpan retention, TimeProvider clock)
{
    private const int MaxKept = 10_000;
    private readonly Dictionary<string, List<(InboundStatusEvent Status, DateTimeOffset Until)>> _byExternalId = new(StringComparer.Ordinal);

    public int Count => _byExternalId.Count;

    public void Keep(InboundStatusEvent status)
    {
        var now = clock.GetUtcNow();
        if (_byExternalId.Count >= MaxKept)
        {
            Expire(now);
        }

        if (_byExternalId.Count >= MaxKept)
        {
            return;
        }

        if (!_byExternalId.TryGetValue(status.ExternalId, out var list))
        {
            _byExternalId[status.ExternalId] = list = [];
        }

        list.Add((status, now + retention));
    }

    /// <summary>The statuses kept for <paramref name="externalId"/> (removing them).</summary>
    public IReadOnlyList<InboundStatusEvent> Take(string externalId)
    {
        if (!_byExternalId.Remove(externalId, out var list))
        {
            return [];
        }

        var now = clock.GetUtcNow();
        return [.. list.Where(s => s.Until > now).Select(s => s.Status)];
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var (id, list) in _byExternalId.ToList())
        {
            if (list.TrueForAll(s => s.Until <= now))
            {
                _byExternalId.Remove(id);
            }
        }
    }
}
