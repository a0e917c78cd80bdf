namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// One send of a load run: when it started and how long it took (from the start of the run), what the node
/// answered (<see cref="Status"/> 0: no answer within the client's 30 s, or the connection failed).
/// </summary>
public sealed record SendOutcome(
    string Key, Guid ConversationId, string Node, TimeSpan Started, TimeSpan Elapsed, int Status, string? MediaType,
    string? RetryAfter, ProblemRef? Problem, MessageRef? Message, string? Error)
{
    public TimeSpan Finished => Started + Elapsed;

    public bool Acknowledged => Status == 202;

    /// <summary>The 503 API.md promises when a backing service is briefly gone: a problem document with Retry-After.</summary>
    public bool IsServiceUnavailableProblem =>
        Status == 503 && MediaType == "application/problem+json" && Problem?.Code == "service_unavailable" && !string.IsNullOrEmpty(RetryAfter);

    public override string ToString() =>
        $"{Key} via {Node} at {Started.TotalSeconds:F2} s: {(Status == 0 ? "no answer" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
        $"after {Elapsed.TotalMilliseconds:F0} ms {Problem?.Code} {Error}";
}
