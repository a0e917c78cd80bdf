using Linktor.Contracts.Common;

namespace Linktor.Contracts.Cluster;

/// <summary>
/// What the silo that takes the call knows of the cluster's membership (a stateless worker, so it always runs on
/// the gateway a client's call arrives at). API nodes poll it to learn at once when a silo is declared dead, since an
/// Orleans client is never told and would otherwise wait out its response timeout for calls that silo took with it.
/// </summary>
[Alias("Linktor.IClusterViewGrain")]
public interface IClusterViewGrain : IGrainWithIntegerKey
{
    /// <summary>The silos this silo's membership view has declared dead. Short timeout: a poll that stalls is dropped and the next one asks another gateway.</summary>
    [Alias("GetView"), Idempotent, ResponseTimeout("00:00:02")]
    Task<ClusterView> GetViewAsync();
}
