using Orleans.Configuration;

namespace Linktor.Contracts.Hosting;

/// <summary>
/// How quickly the cluster notices a dead silo (cluster mode), and how quickly clients notice a
/// changed gateway list. Orleans' defaults (5 s probes × 3 misses, a one-minute gateway refresh)
/// leave the grains of a crashed silo unreachable for 15–20 s; these settings bring that to a few
/// seconds without declaring a merely busy silo dead.
/// </summary>
public static class FailureDetection
{
    /// <summary>
    /// A crashed process refuses connections at once, so each probe of it fails immediately and
    /// detection takes about <c>NumMissedProbesLimit × ProbeTimeout</c> (probes are sent every
    /// <c>ProbeTimeout</c>): 2 × 2 s ≈ 4 s, plus a membership-table write. A live but loaded silo must
    /// miss two consecutive 2 s probes AND fail the indirect probe another silo makes on the
    /// accuser's behalf, and two silos must vote, before it is declared dead; a GC pause or a
    /// starved thread pool on a shared 2-core box stays well under that. A silo that sees itself
    /// degraded (its own timers late) extends its probe timeouts instead of accusing others.
    /// </summary>
    public static void Configure(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 2;
        o.EnableIndirectProbes = true;
        o.ExtendProbeTimeoutDuringDegradation = true;
        // The membership table is the fallback when gossip is lost: re-read it every 10 s, not 60.
        o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        // Rows of dead silos (every crash or redeploy adds one) are removed after an hour, checked
        // every ten minutes, so the Redis hash does not grow with every pod restart.
        o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }

    /// <summary>
    /// The least time membership can take to declare a silo dead after it stops answering: the first probe it misses may
    /// leave at once, the last of <c>NumMissedProbesLimit</c> one probe period per miss later (2 s). A request sent to a
    /// silo later than this before it was declared dead was sent after it went silent.
    /// </summary>
    public static TimeSpan MinimumTimeToDeclareDead
    {
        get
        {
            var o = new ClusterMembershipOptions();
            Configure(o);
            return o.ProbeTimeout * (o.NumMissedProbesLimit - 1);
        }
    }

    /// <summary>
    /// An API node re-reads the gateway list every 5 s (default 1 min), so it starts using a new
    /// silo soon after it joins. A lost gateway connection is noticed at once without it.
    /// </summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest an API node waits for a grain call (Orleans' default is 30 s): under the 30 s a
    /// client gives up after, so a call that cannot complete answers 503 rather than hanging, yet
    /// long enough that a call queued behind a failover (grains re-activating elsewhere on a busy
    /// box) still completes instead of being dropped.
    /// </summary>
    public static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Time a SIGTERM'd silo gets to hand over: stop taking calls, finish those in flight,
    /// deactivate its grains (writing their state) and leave the membership. Kubernetes'
    /// terminationGracePeriodSeconds must exceed it.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(90);
}
