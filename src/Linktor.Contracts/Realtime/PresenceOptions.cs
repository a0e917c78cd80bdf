using System.ComponentModel.DataAnnotations;

namespace Linktor.Contracts.Realtime;

/// <summary><c>Linktor:Presence</c>: how long an agent's connection counts without its API node renewing it.</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Linktor:Presence";

    /// <summary>
    /// A connection lapses this long after its node last reported it, so the agents of a crashed API node go offline
    /// within it. Nodes renew every third of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(90);

    public TimeSpan RenewEvery => Lease / 3;
}
