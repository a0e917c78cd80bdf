using System.Collections.Concurrent;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>
/// Makes chosen grains unreachable (every call to them fails, as calls to a grain on a lost silo do), for tests that
/// show what does not depend on them. Registered on every test silo; empty, it changes nothing.
/// </summary>
public sealed class UnreachableGrains : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<GrainId, bool> Cut = new();

    public static IDisposable Cutoff(IAddressable grain)
    {
        var id = grain.GetGrainId();
        Cut[id] = true;
        return new Reconnect(id);
    }

    public Task Invoke(IIncomingGrainCallContext context) =>
        Cut.ContainsKey(context.TargetId)
            ? throw new TimeoutException($"{context.TargetId} is unreachable (cut off by the test).")
            : context.Invoke();

    private sealed class Reconnect(GrainId id) : IDisposable
    {
        public void Dispose() => Cut.TryRemove(id, out _);
    }
}
