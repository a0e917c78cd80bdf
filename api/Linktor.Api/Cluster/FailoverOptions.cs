using System.ComponentModel.DataAnnotations;

namespace Linktor.Api.Cluster;

/// <summary>
/// <c>Linktor:Failover</c>: how often an API node asks the silos which of them are declared dead (cluster mode), so that
/// grain calls waiting on a dead silo stop waiting (see <see cref="SiloDeathWatch"/>).
/// </summary>
public sealed class FailoverOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Failover";

    /// <summary>Between polls while all is well: a poll is one cheap call, and a death is then learnt within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Between polls for <see cref="AlertWindow"/> after a gateway connection closed, the usual first sign of a crashed
    /// silo: membership declares it dead a few seconds later, and the waiting calls are then failed over within this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan AlertPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longer than membership takes to declare a crashed silo dead (about 4–5 s, FailureDetection).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AlertWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A poll that takes longer is left (it ends on its own) and the next one asks another gateway.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The rules between settings (each one's own range is on it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AlertPollInterval > PollInterval)
        {
            yield return new("Linktor:Failover:PollInterval and AlertPollInterval must be positive, AlertPollInterval no longer than PollInterval.", [nameof(AlertPollInterval)]);
        }
    }
}
