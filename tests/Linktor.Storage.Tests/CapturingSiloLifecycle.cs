
namespace Linktor.Storage.Tests;

/// <summary>Collects what a provider subscribes to the silo lifecycle so a test can start it without a silo.</summary>
internal sealed class CapturingSiloLifecycle : ISiloLifecycle
{
    private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

    public int HighestCompletedStage { get; private set; }

    public int LowestStoppedStage { get; private set; }

    public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
    {
        _observers.Add((stage, observer));
        return new Unsubscriber();
    }

    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var (stage, observer) in _observers.OrderBy(o => o.Stage))
        {
            await observer.OnStart(ct);
            HighestCompletedStage = stage;
        }
    }

    private sealed class Unsubscriber : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
