namespace Linktor.Storage.Events;

/// <summary>
/// Which stream queue a tenant's events go to. A tenant is one ordered stream, so all its events share a queue;
/// the hash is fixed (not <see cref="Guid.GetHashCode"/>, which is free to differ between runtimes), because
/// the writer and every pulling agent, on any node and version, must agree on it.
/// </summary>
public static class EventQueues
{
    /// <summary>The queue of <paramref name="tenantId"/>'s stream among <paramref name="queueCount"/> queues.</summary>
    public static short QueueOf(Guid tenantId, int queueCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        Span<byte> bytes = stackalloc byte[16];
        tenantId.TryWriteBytes(bytes, bigEndian: true, out _);
        // FNV-1a over all 16 bytes: version-7 ids share their leading (time) bytes, so every byte must count.
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (short)(hash % (uint)queueCount);
    }
}
