namespace Linktor.Api.Infrastructure;

/// <summary>
/// Cluster mode: a grain call that a draining silo refused before it reached any grain ("Silo stopping",
/// "is shutting down": the gateway or its placement turned it away) is sent again, and the client routes it
/// through another gateway to the grain's new activation. Nothing ran, so nothing can be done twice. Other
/// failures, which may have run (a timeout, a silo that died mid-call), are not retried: they answer 503 and
/// the caller retries with its Idempotency-Key.
/// </summary>
public sealed partial class RetryRefusedCalls(ILogger<RetryRefusedCalls> logger) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception ex) when (attempt < Delays.Length && IsRefusedByDrainingSilo(ex))
            {
                LogRetry(logger, context.InterfaceMethod?.Name ?? "?", attempt + 1, ex.Message);
                await Task.Delay(Delays[attempt]);
            }
        }
    }

    /// <summary>The refusals a shutting-down silo gives before any grain code runs.</summary>
    internal static bool IsRefusedByDrainingSilo(Exception ex) => ex switch
    {
        // SiloUnavailableException is a rejection too: match it first.
        SiloUnavailableException unavailable => unavailable.Message.Contains("is shutting down", StringComparison.Ordinal),
        OrleansMessageRejectionException rejected => rejected.Message.Contains("Silo stopping", StringComparison.Ordinal),
        _ => false,
    };

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Method} refused by a draining silo; sending again (attempt {Attempt}): {Reason}")]
    private static partial void LogRetry(ILogger logger, string method, int attempt, string reason);
}
