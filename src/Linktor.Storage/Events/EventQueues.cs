using System.Buffers.Binary;

namespace Linktor.Storage.Events;

/// <summary>
/// Which stream queue (the <c>events.queue</c> column) a tenant's events go to. Writers insert each event row with
/// <c>queue = EventQueues.QueueOf(tenantId, options.Queues)</c>; the stream provider reads queue <c>n</c> as its Orleans
/// queue <c>n</c> and maps the tenant's stream with this same function, so a tenant's events are all read, in order,
/// by one pulling agent.
/// </summary>
/// <remarks>
/// Rows are delivered in <c>(txid, position)</c> order, and a transaction gets its txid at its first write. So a
/// tenant's events keep the order they were written in when each transaction that writes them starts writing after
/// the previous one committed (as a grain that awaits its write before the next does), or when they share one
/// transaction; two transactions writing concurrently are ordered by which wrote first, not by which committed first.
/// Leave <c>txid</c> and <c>position</c> to their defaults.
/// </remarks>
public static class EventQueues
{
    /// <summary>The most queues <see cref="EventStreamOptions.Queues"/> may name.</summary>
    public const int MaxQueues = 1024;

    /// <summary>
    /// A stable hash of the tenant id onto <c>0 .. queueCount-1</c>: the same in every process, runtime version and
    /// machine, because it reads the id's bytes in their canonical (RFC 4122, big-endian) order and mixes them with a
    /// fixed function. <see cref="Guid.GetHashCode"/> promises none of that.
    /// </summary>
    public static short QueueOf(Guid tenantId, int queueCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(queueCount, MaxQueues);
        Span<byte> bytes = stackalloc byte[16];
        tenantId.TryWriteBytes(bytes, bigEndian: true, out _);
        // Version-7 ids share their leading (timestamp) bytes: mix both halves so every bit of the id counts.
        var hash = Mix(BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ Mix(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..])));
        return (short)(hash % (ulong)queueCount);
    }

    /// <summary>The SplitMix64 finaliser: a fixed, well-spread 64-bit mix.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
