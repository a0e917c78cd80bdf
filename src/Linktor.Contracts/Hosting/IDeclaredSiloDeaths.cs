namespace Linktor.Contracts.Hosting;

/// <summary>
/// Death declarations of the cluster's membership, as an Orleans client learns them (an API node's watch). A silo has
/// no such service: its runtime fails its own calls to a silo as soon as that silo is declared dead. A client's runtime
/// does not: a call whose request the dead silo took (as the gateway, or as the grain's host behind another gateway)
/// waits for its response timeout.
/// </summary>
public interface IDeclaredSiloDeaths
{
    /// <summary>Completes, with the silo, when membership next declares a silo dead after this was read.</summary>
    Task<SiloAddress> Next { get; }

    /// <summary>
    /// The least time membership takes to declare a silo dead once it stops answering (its probe settings): a request
    /// sent more recently than this before a declaration was sent after the dead silo went silent, and a crashed
    /// silo refuses those at once (they are retried, not lost). Such a call gets this long again to end on its own
    /// before it fails over, so that calls merely slowed by the failover (a directory lookup, a new activation) are not
    /// made twice.
    /// </summary>
    TimeSpan MinimumTimeToDeclare { get; }
}
