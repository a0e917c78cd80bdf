using System.Globalization;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// A load run in numbers: how many sends, at what rate, how they were answered, and, around a disruption, how
/// long sends failed or stalled (the recovery time) and how many failed meanwhile.
/// </summary>
public sealed record LoadSummary(
    int Sends, double PerSecond, int Acknowledged, int Unavailable, int Other, int Hangs, int Disrupted, int Stalled, TimeSpan Recovery,
    TimeSpan LastDisruptedStart)
{
    /// <summary>A send slower than this counts as stalled (under this load they take tens of milliseconds).</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Recovery: from the disruption until the last send that failed or stalled was answered (sends in flight to
    /// a crashed silo wait out the API's grain-call timeout). LastDisruptedStart: how long after the disruption
    /// new sends still failed or stalled.
    /// </summary>
    /// <param name="outcomes">Every send of the run.</param>
    /// <param name="disruptionAt">When the silo was killed (or the service stopped), on the load's clock.</param>
    public static LoadSummary Of(IReadOnlyList<SendOutcome> outcomes, TimeSpan? disruptionAt)
    {
        var span = outcomes.Count == 0 ? TimeSpan.Zero : outcomes.Max(o => o.Started) - outcomes.Min(o => o.Started);
        var at = disruptionAt ?? TimeSpan.Zero;
        var disrupted = outcomes.Where(o => (!o.Acknowledged || o.Elapsed > StallThreshold) && o.Finished >= at).ToList();
        return new LoadSummary(
            outcomes.Count,
            span > TimeSpan.Zero ? outcomes.Count / span.TotalSeconds : 0,
            outcomes.Count(o => o.Acknowledged),
            outcomes.Count(o => o.Status == 503),
            outcomes.Count(o => o.Status is not (0 or 202 or 503)),
            outcomes.Count(o => o.Status == 0),
            disrupted.Count,
            disrupted.Count(o => o.Acknowledged),
            disrupted.Count == 0 ? TimeSpan.Zero : disrupted.Max(o => o.Finished) - at,
            disrupted.Count == 0 ? TimeSpan.Zero : disrupted.Max(o => o.Started) - at);
    }

    /// <summary>Writes the summary to the test output, with a one-line form to quote.</summary>
    public LoadSummary Report(string scenario)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{scenario}] {Sends} sends at {PerSecond:F0}/s: {Acknowledged} × 202, {Unavailable} × 503 (problem+json, Retry-After), " +
            $"{Other} other, {Hangs} hangs/connection failures; recovery {Recovery.TotalSeconds:F1} s " +
            $"(the last send to fail or stall was started {LastDisruptedStart.TotalSeconds:F1} s after the disruption) " +
            $"({Disrupted} sends failed or stalled > {StallThreshold.TotalSeconds:0} s after the disruption, {Stalled} of them stalled but succeeded)"));
        return this;
    }

    /// <summary>Every send was acknowledged, or refused with API.md's 503 problem: never a 500, never a hang.</summary>
    public static void ShouldBeAcknowledgedOrUnavailable(IReadOnlyList<SendOutcome> outcomes)
    {
        var wrong = outcomes.Where(o => !o.Acknowledged && !o.IsServiceUnavailableProblem).Take(20).Select(o => o.ToString()).ToList();
        wrong.ShouldBeEmpty("every send answers 202, or 503 service_unavailable as problem+json with Retry-After (never 500, never a hang)");
    }
}
