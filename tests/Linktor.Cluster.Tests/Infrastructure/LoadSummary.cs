using System.Globalization;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// A load run in numbers: how many sends, at what rate, how they were answered, and, around a disruption, how long
/// until sends were acknowledged again (the recovery time) and until every caller it held up was answered, how many
/// failed or stalled meanwhile, and the longest any caller waited.
/// </summary>
public sealed record LoadSummary(
    int Sends, double PerSecond, int Acknowledged, int Unavailable, int Other, int Hangs, int Disrupted, int Stalled,
    TimeSpan Recovery, TimeSpan HeldUpAnswered, TimeSpan LastDisruptedAnswered, TimeSpan LastDisruptedStart, TimeSpan Longest)
{
    /// <summary>A send slower than this counts as stalled (under this load they take tens of milliseconds).</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long sends must go through without a failure or stall for the cluster to count as acknowledging again: long
    /// enough that a few lucky sends amid failures do not count, short enough that one stall long after the recovery
    /// (a loaded box) does not move it.
    /// </summary>
    public static readonly TimeSpan CleanStretch = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Recovery: from the disruption until sends are acknowledged again: the start of the first <see cref="CleanStretch"/>
    /// in which every send started was acknowledged without stalling. HeldUpAnswered: until every send the disruption
    /// held up (failed or stalled, started before the recovery; those in flight at a crash included) had its answer.
    /// LastDisruptedAnswered and LastDisruptedStart: the last answer to, and the last start of, any send that failed or
    /// stalled after the disruption (noise long after it included). Longest: the longest any send of the run waited.
    /// </summary>
    /// <param name="outcomes">Every send of the run.</param>
    /// <param name="disruptionAt">When the silo was killed (or the service stopped), on the load's clock.</param>
    public static LoadSummary Of(IReadOnlyList<SendOutcome> outcomes, TimeSpan? disruptionAt)
    {
        var span = outcomes.Count == 0 ? TimeSpan.Zero : outcomes.Max(o => o.Started) - outcomes.Min(o => o.Started);
        var at = disruptionAt ?? TimeSpan.Zero;
        var disrupted = outcomes.Where(o => IsDisrupted(o) && o.Finished >= at).ToList();
        var flowing = FlowingAgainAt(outcomes, at);
        var heldUp = disrupted.Where(o => o.Started < flowing).ToList();
        return new LoadSummary(
            outcomes.Count,
            span > TimeSpan.Zero ? outcomes.Count / span.TotalSeconds : 0,
            outcomes.Count(o => o.Acknowledged),
            outcomes.Count(o => o.Status == 503),
            outcomes.Count(o => o.Status is not (0 or 202 or 503)),
            outcomes.Count(o => o.Status == 0),
            disrupted.Count,
            disrupted.Count(o => o.Acknowledged),
            flowing - at,
            Max(flowing, heldUp.Count == 0 ? at : heldUp.Max(o => o.Finished)) - at,
            disrupted.Count == 0 ? TimeSpan.Zero : disrupted.Max(o => o.Finished) - at,
            disrupted.Count == 0 ? TimeSpan.Zero : disrupted.Max(o => o.Started) - at,
            outcomes.Count == 0 ? TimeSpan.Zero : outcomes.Max(o => o.Elapsed));
    }

    /// <summary>Writes the summary to the test output, with a one-line form to quote.</summary>
    public LoadSummary Report(string scenario)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{scenario}] {Sends} sends at {PerSecond:F0}/s: {Acknowledged} × 202, {Unavailable} × 503 (problem+json, Retry-After), " +
            $"{Other} other, {Hangs} hangs/connection failures; recovery {Recovery.TotalSeconds:F1} s " +
            $"(when sends were acknowledged again; every send it held up answered {HeldUpAnswered.TotalSeconds:F1} s after it; longest wait {Longest.TotalSeconds:F1} s; " +
            $"the last send to fail or stall was started {LastDisruptedStart.TotalSeconds:F1} s and answered {LastDisruptedAnswered.TotalSeconds:F1} s after it) " +
            $"({Disrupted} sends failed or stalled > {StallThreshold.TotalSeconds:0} s after the disruption, {Stalled} of them stalled but succeeded)"));
        return this;
    }

    /// <summary>Every send was acknowledged, or refused with API.md's 503 problem: never a 500, never a hang.</summary>
    public static void ShouldBeAcknowledgedOrUnavailable(IReadOnlyList<SendOutcome> outcomes)
    {
        var wrong = outcomes.Where(o => !o.Acknowledged && !o.IsServiceUnavailableProblem).Take(20).Select(o => o.ToString()).ToList();
        wrong.ShouldBeEmpty("every send answers 202, or 503 service_unavailable as problem+json with Retry-After (never 500, never a hang)");
    }

    private static bool IsDisrupted(SendOutcome o) => !o.Acknowledged || o.Elapsed > StallThreshold;

    /// <summary>
    /// The start of the first send at or after <paramref name="at"/> from which every send started within
    /// <see cref="CleanStretch"/> went through; the end of the run when none did.
    /// </summary>
    private static TimeSpan FlowingAgainAt(IReadOnlyList<SendOutcome> outcomes, TimeSpan at)
    {
        var after = outcomes.Where(o => o.Started >= at).OrderBy(o => o.Started).ToList();
        var nextBad = after.Count; // index of the first disrupted send at or after i
        var cleanFrom = new TimeSpan?[after.Count];
        for (var i = after.Count - 1; i >= 0; i--)
        {
            if (IsDisrupted(after[i]))
            {
                nextBad = i;
            }
            else if (nextBad == after.Count || after[nextBad].Started >= after[i].Started + CleanStretch)
            {
                cleanFrom[i] = after[i].Started;
            }
        }

        return cleanFrom.FirstOrDefault(t => t is not null) ?? (after.Count == 0 ? at : after[^1].Finished);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
