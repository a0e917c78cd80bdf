namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node for outbound-webhook tests: retries and the 24-hour retry period at a scale a test can wait for
/// (the same schedule as production, fractions of a second instead of seconds and hours).
/// </summary>
public sealed class WebhookNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Webhooks:FirstRetryDelay"] = "00:00:00.200",
        ["Linktor:Webhooks:MaxRetryDelay"] = "00:00:00.500",
        // Room for a few attempts even on a loaded 2-core box (the suites run side by side), short enough to wait for the give-up.
        ["Linktor:Webhooks:RetryFor"] = "00:00:10",
        ["Linktor:Webhooks:Timeout"] = "00:00:01",
        ["Linktor:Webhooks:PollInterval"] = "00:00:00.100",
    },
    realtime: false);
