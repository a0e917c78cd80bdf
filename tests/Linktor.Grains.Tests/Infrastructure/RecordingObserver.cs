using System.Collections.Concurrent;
using Linktor.Contracts.Realtime;
using Linktor.Testing;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>Plays an API node: records every real-time event the silos' dispatchers hand it.</summary>
public sealed class RecordingObserver : IRealtimeObserver
{
    private readonly ConcurrentQueue<RealtimeEvent> _events = new();

    public IReadOnlyList<RealtimeEvent> Events => [.. _events];

    public Task OnEventsAsync(IReadOnlyList<RealtimeEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var evt in events)
        {
            _events.Enqueue(evt);
        }

        return Task.CompletedTask;
    }

    /// <summary>The first recorded event matching <paramref name="match"/>, waiting for it up to <paramref name="timeout"/>.</summary>
    public Task<RealtimeEvent> WaitForAsync(Func<RealtimeEvent, bool> match, TimeSpan timeout, string because) =>
        Eventually.GetAsync(() => Task.FromResult(_events.FirstOrDefault(match)), timeout, because);
}
