using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linktor.Silo.Health;

/// <summary>
/// Ready only while this silo is an active cluster member: not while it joins, and not once it
/// starts shutting down (so a load balancer or Kubernetes stops counting it before it leaves).
/// </summary>
public sealed class SiloStatusHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Active; {active} active silo(s) in the cluster.")
            : HealthCheckResult.Unhealthy($"This silo is {status}."));
    }
}
