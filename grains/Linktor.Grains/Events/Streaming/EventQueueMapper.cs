using System.Buffers.Binary;
using System.IO.Hashing;
using Linktor.Storage.Events;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// The provider's queues are exactly the table's: Orleans queue <c>n</c> (numeric id <c>n</c>) reads rows with
/// <c>queue = n</c>, for <c>n</c> in <c>0 .. Queues-1</c>, and a tenant's stream maps to
/// <see cref="EventQueues.QueueOf"/>, the function the writers use. For balancing, the queues are spread evenly over
/// the silos' consistent hash ring (as Orleans' <c>HashRingBasedStreamQueueMapper</c> spreads its own).
/// </summary>
internal sealed class EventQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] _queues;

    public EventQueueMapper(string providerName, int queueCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueCount, EventQueues.MaxQueues);
        var step = (uint)((1L << 32) / queueCount);
        _queues = [.. Enumerable.Range(0, queueCount).Select(n => QueueId.GetQueueId(providerName, (uint)n, (uint)n * step))];
    }

    public int Count => _queues.Length;

    /// <summary>The table's queue number of an Orleans queue of this provider.</summary>
    public static short TableQueue(QueueId queueId) => checked((short)queueId.GetNumericId());

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        return _queues.Where(q => range.InRange(q.GetUniformHashCode())).ToList();
    }

    public QueueId GetQueueForStream(StreamId streamId) =>
        _queues[EventStreamIds.TryGetTenant(streamId, out var tenantId)
            ? EventQueues.QueueOf(tenantId, _queues.Length)
            // Only tenant streams carry events; any other key still gets a queue, by a stable hash of its bytes.
            : (int)(BinaryPrimitives.ReadUInt32LittleEndian(XxHash32.Hash(streamId.FullKey.Span)) % (uint)_queues.Length)];

    public QueueId QueueOf(Guid tenantId) => _queues[EventQueues.QueueOf(tenantId, _queues.Length)];
}
