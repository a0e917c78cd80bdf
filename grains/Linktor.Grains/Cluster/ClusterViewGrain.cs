using Linktor.Contracts.Cluster;
using Orleans.Concurrency;

namespace Linktor.Grains.Cluster;

/// <summary>
/// Answers from the silo's own membership view, never from the membership table: it is what the silo routes by, it
/// is current within the gossip that follows a death declaration, and reading it costs nothing (an API node polls
/// every second). A stateless worker, so a client's call is served by the gateway it reaches, and reentrant, so
/// polls from several API nodes never queue behind each other.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed class ClusterViewGrain(IClusterMembershipService membership) : Grain, IClusterViewGrain
{
    public Task<ClusterView> GetViewAsync()
    {
        var snapshot = membership.CurrentSnapshot;
        var dead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToList();
        return Task.FromResult(new ClusterView(snapshot.Version.Value, dead));
    }
}
