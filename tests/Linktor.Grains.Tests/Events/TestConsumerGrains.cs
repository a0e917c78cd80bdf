using Linktor.Contracts.Events;
using Linktor.Grains.Events.Streaming;

namespace Linktor.Grains.Tests.Events;

public interface IFirstTestConsumerGrain : IGrainWithGuidKey;

public interface ISecondTestConsumerGrain : IGrainWithGuidKey;

/// <summary>
/// A consumer as the application's are written: idempotent by event id (repeats within an activation are dropped),
/// processing a batch in order, throwing when <see cref="ConsumerLog"/> says so. Placed on the silo of its caller,
/// the pulling agent, so that a crash of that silo takes the consumer's memory with it (the worst case for repeats).
/// </summary>
public abstract class RecordingConsumerGrain(ILocalSiloDetails silo) : EventConsumerGrain
{
    private readonly HashSet<Guid> _processed = [];

    protected abstract string Name { get; }

    protected override async Task HandleAsync(IReadOnlyList<StoredEvent> events)
    {
        var log = ConsumerLog.Shared;
        var batchId = Guid.NewGuid();
        foreach (var e in events)
        {
            if (!log.IsWatched(e.TenantId))
            {
                continue;
            }

            var outcome = await log.AttemptAsync(Name, e, _processed.Contains(e.Id), batchId, events.Count, silo.SiloAddress.ToString());
            if (outcome == ConsumerLog.Outcome.Threw)
            {
                throw new InvalidOperationException($"{Name} was told to fail on event {e.Id}.");
            }

            _processed.Add(e.Id);
        }
    }
}

[ImplicitStreamSubscription(EventStreams.Namespace)]
[Orleans.Placement.PreferLocalPlacement]
public sealed class FirstTestConsumerGrain(ILocalSiloDetails silo) : RecordingConsumerGrain(silo), IFirstTestConsumerGrain
{
    public const string ConsumerName = "first";

    protected override string Name => ConsumerName;
}

[ImplicitStreamSubscription(EventStreams.Namespace)]
[Orleans.Placement.PreferLocalPlacement]
public sealed class SecondTestConsumerGrain(ILocalSiloDetails silo) : RecordingConsumerGrain(silo), ISecondTestConsumerGrain
{
    public const string ConsumerName = "second";

    protected override string Name => ConsumerName;
}
