namespace Linktor.Api.Cluster;

/// <summary>
/// <c>Linktor:Failover</c>: how often an API node asks the silos which of them are declared dead (cluster mode), so that
/// grain calls waiting on a dead silo stop waiting (see <see cref="SiloDeathWatch"/>).
/// </summary>
public sealed class FailoverOptions
{
    public const string SectionName = "Linktor:Failover";

    /// <summary>Between polls while all is well: a poll is one cheap call, and a death is then learnt within this.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Between polls for <see cref="AlertWindow"/> after a gateway connection closed, the usual first sign of a crashed
    /// silo: membership declares it dead a few seconds later, and the waiting calls are then failed over within this.
    /// </summary>
    public TimeSpan AlertPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longer than membership takes to declare a crashed silo dead (about 4–5 s, FailureDetection).</summary>
    public TimeSpan AlertWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A poll that takes longer is left (it ends on its own) and the next one asks another gateway.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
