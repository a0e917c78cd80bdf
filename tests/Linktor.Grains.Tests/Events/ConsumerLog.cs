using System.Collections.Concurrent;
using Linktor.Contracts.Events;
using Linktor.Testing;

namespace Linktor.Grains.Tests.Events;

/// <summary>
/// What the test consumers saw, for every silo of every test cluster in this process (the silos are in-process, so
/// this is shared like <see cref="Infrastructure.ScriptedAdapter"/>), and what the tests tell them to do. Only tenants a
/// test <see cref="Watch"/>es are recorded; other events (other tests' writes) are acknowledged and forgotten.
/// </summary>
public sealed class ConsumerLog
{
    public static readonly ConsumerLog Shared = new();

    private readonly ConcurrentDictionary<Guid, bool> _watched = new();
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<(string Consumer, Guid EventId), int> _attempts = new();
    private readonly ConcurrentDictionary<(string Consumer, Guid EventId), int> _throwTimes = new();
    private readonly ConcurrentDictionary<(string Consumer, Guid EventId), bool> _blocked = new();
    private readonly ConcurrentDictionary<(string Consumer, Guid EventId), TaskCompletionSource> _holds = new();
    private long _sequence;

    public void Watch(Guid tenantId) => _watched[tenantId] = true;

    public bool IsWatched(Guid tenantId) => _watched.ContainsKey(tenantId);

    /// <summary><paramref name="consumer"/> throws on its first <paramref name="times"/> attempts at the event, then processes it.</summary>
    public void ThrowFor(string consumer, Guid eventId, int times) => _throwTimes[(consumer, eventId)] = times;

    /// <summary><paramref name="consumer"/> throws on every attempt at the event until <see cref="Unblock"/>.</summary>
    public void Block(string consumer, Guid eventId) => _blocked[(consumer, eventId)] = true;

    public void Unblock(string consumer, Guid eventId) => _blocked.TryRemove((consumer, eventId), out _);

    /// <summary><paramref name="consumer"/>'s first attempt at the event waits until <see cref="Release"/>.</summary>
    public void Hold(string consumer, Guid eventId) => _holds[(consumer, eventId)] = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string consumer, Guid eventId)
    {
        if (_holds.TryGetValue((consumer, eventId), out var hold))
        {
            hold.TrySetResult();
        }
    }

    /// <summary>Every delivery of a watched tenant's event to <paramref name="consumer"/>, in the order they happened.</summary>
    public IReadOnlyList<Delivery> Of(string consumer, Guid tenantId) =>
        [.. _deliveries.Where(d => d.Consumer == consumer && d.Event.TenantId == tenantId).OrderBy(d => d.Sequence)];

    /// <summary>The events <paramref name="consumer"/> processed for the tenant, each once, in the order it first processed them.</summary>
    public IReadOnlyList<StoredEvent> ProcessedBy(string consumer, Guid tenantId) =>
        [.. Of(consumer, tenantId).Where(d => d.Outcome == Outcome.Processed).Select(d => d.Event).DistinctBy(e => e.Id)];

    /// <summary>Waits until <paramref name="consumer"/> has processed every one of <paramref name="events"/>.</summary>
    public Task WaitForProcessedAsync(string consumer, IEnumerable<StoredEvent> events, TimeSpan timeout)
    {
        var ids = events.Select(e => e.Id).ToHashSet();
        var tenantId = events.First().TenantId;
        return Eventually.TrueAsync(
            () => Task.FromResult(ids.IsSubsetOf(ProcessedBy(consumer, tenantId).Select(e => e.Id))),
            timeout, $"{consumer} processes {ids.Count} events of tenant {tenantId}");
    }

    /// <summary>Decides what a consumer does with one event (the attempt is counted across activations).</summary>
    internal async Task<Outcome> AttemptAsync(string consumer, StoredEvent e, bool seenBefore, Guid batchId, int batchSize, string silo)
    {
        var attempt = _attempts.AddOrUpdate((consumer, e.Id), 1, (_, n) => n + 1);
        if (seenBefore)
        {
            Record(Outcome.Duplicate);
            return Outcome.Duplicate;
        }

        if (_blocked.ContainsKey((consumer, e.Id)) || (_throwTimes.TryGetValue((consumer, e.Id), out var times) && attempt <= times))
        {
            Record(Outcome.Threw);
            return Outcome.Threw;
        }

        if (attempt == 1 && _holds.TryGetValue((consumer, e.Id), out var hold))
        {
            Record(Outcome.Held);
            await hold.Task;
        }

        Record(Outcome.Processed);
        return Outcome.Processed;

        void Record(Outcome outcome) => _deliveries.Enqueue(new Delivery(
            consumer, e, attempt, outcome, batchId, batchSize, silo, Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow));
    }

    public enum Outcome
    {
        Processed,
        Duplicate,
        Threw,
        Held,
    }

    /// <summary>One event of one delivered batch, as one consumer activation handled it.</summary>
    public sealed record Delivery(
        string Consumer, StoredEvent Event, int Attempt, Outcome Outcome, Guid BatchId, int BatchSize, string Silo, long Sequence, DateTimeOffset At);
}
