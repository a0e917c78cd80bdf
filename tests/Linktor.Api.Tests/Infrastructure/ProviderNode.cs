namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node for provider-channel tests: the outbox's backoff and circuit breaker at a scale a test can wait
/// for (the same shape as production, seconds instead of minutes).
/// </summary>
public sealed class ProviderNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Outbox:BaseDelay"] = "00:00:00.100",
        ["Linktor:Outbox:MaxDelay"] = "00:00:00.500",
        ["Linktor:Outbox:PollInterval"] = "00:00:00.050",
        ["Linktor:Outbox:MaxAttempts"] = "6",
        ["Linktor:Outbox:CircuitBreakDuration"] = "00:00:01",
        ["Linktor:Outbox:CircuitSamplingDuration"] = "00:00:05",
    },
    realtime: false);
