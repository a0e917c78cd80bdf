using Linktor.Contracts.Cluster;
using Linktor.Contracts.Hosting;

namespace Linktor.Api.Cluster;

/// <summary>
/// What this API node knows of membership's death declarations, for <see cref="RetryRefusedCalls"/> (which fails over
/// the calls that were waiting) and for <see cref="SiloDeathWatch"/> (which feeds it). Also told by the Orleans client
/// when a gateway connection closes: that only makes the watch look more often, it never fails a call by itself.
/// </summary>
public sealed class SiloDeaths(TimeProvider clock) : IDeclaredSiloDeaths, IClusterConnectionStatusObserver
{
    /// <summary>The cluster's failure-detection settings are the silos'; this node only needs what follows from them.</summary>
    public TimeSpan MinimumTimeToDeclare { get; init; } = FailureDetection.MinimumTimeToDeclareDead;

    private readonly Lock _lock = new();
    private readonly HashSet<SiloAddress> _dead = [];
    private TaskCompletionSource<SiloAddress> _next = NewSignal();
    private TaskCompletionSource _gatewayLost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastGatewayLoss = long.MinValue;
    private bool _primed;

    public Task<SiloAddress> Next => Volatile.Read(ref _next).Task;

    /// <summary>Completes when a gateway connection closes next (the watch then polls at once).</summary>
    public Task GatewayLost => Volatile.Read(ref _gatewayLost).Task;

    /// <summary>Time since a gateway connection last closed; null if none has.</summary>
    public TimeSpan? SinceGatewayLoss
    {
        get
        {
            var at = Interlocked.Read(ref _lastGatewayLoss);
            return at == long.MinValue ? null : clock.GetElapsedTime(at);
        }
    }

    /// <summary>
    /// Takes a silo's view: a silo dead in it that was not dead in any view before is declared now, and the calls
    /// waiting on <see cref="Next"/> are told. The first view only records the deaths that came before this node.
    /// </summary>
    /// <returns>The silos declared dead by this view.</returns>
    public IReadOnlyList<SiloAddress> Learn(ClusterView view)
    {
        List<SiloAddress> declared = [];
        lock (_lock)
        {
            foreach (var silo in view.Dead)
            {
                // Kept for good: one entry per crashed silo; forgetting one would let a lagging silo's view declare it again.
                if (_dead.Add(silo) && _primed)
                {
                    declared.Add(silo);
                }
            }

            _primed = true;
        }

        foreach (var silo in declared)
        {
            Interlocked.Exchange(ref _next, NewSignal()).TrySetResult(silo);
        }

        return declared;
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            OnGatewayLost();
        }
    }

    public void NotifyClusterConnectionLost() => OnGatewayLost();

    private void OnGatewayLost()
    {
        Interlocked.Exchange(ref _lastGatewayLoss, clock.GetTimestamp());
        Interlocked.Exchange(ref _gatewayLost, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    // The calls told run on the thread pool, never inline on the watch.
    private static TaskCompletionSource<SiloAddress> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
