using System.Reflection;
using Linktor.Contracts.Common;
using Orleans.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Hosting;

/// <summary>
/// Grain calls that a stopping or lost silo broke, sent again when that cannot do anything twice; registered on
/// the API's cluster client and on every silo (grains call grains on other silos).
/// <list type="bullet">
/// <item>Any call that never left: a draining silo refused it before it reached a grain ("Silo stopping",
/// "is shutting down"), or no connection to the gateway or target silo could be made (a crashed process). Nothing
/// ran; the runtime routes the retry through another gateway to the grain's new activation.</item>
/// <item>A call of an <see cref="IdempotentAttribute">[Idempotent]</see> method whose silo went away while
/// it was in flight ("The target silo became unavailable"): it may have run, and running it again is harmless.</item>
/// </list>
/// Other failures, which may have run (a timeout, a send lost with its silo), are not retried: they answer 503
/// and the caller retries with its Idempotency-Key.
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
            catch (Exception ex) when (attempt < Delays.Length && ShouldSendAgain(context.InterfaceMethod, ex))
            {
                LogRetry(logger, context.InterfaceMethod?.Name ?? "?", attempt + 1, ex.Message);
                await Task.Delay(Delays[attempt]);
            }
        }
    }

    internal static bool ShouldSendAgain(MethodInfo? method, Exception ex) =>
        WasNeverSent(ex)
        || (ex is SiloUnavailableException && method?.GetCustomAttribute<IdempotentAttribute>() is not null);

    /// <summary>The failures that happen before any grain code runs: a shutting-down silo's refusals, a failed connect.</summary>
    private static bool WasNeverSent(Exception ex) => ex switch
    {
        ConnectionFailedException => true,
        // SiloUnavailableException is a rejection too: match it first.
        SiloUnavailableException unavailable => unavailable.Message.Contains("is shutting down", StringComparison.Ordinal),
        // A silo's message center reports a failed connect to the target silo as a rejection that names it.
        OrleansMessageRejectionException rejected => rejected.Message.Contains("Silo stopping", StringComparison.Ordinal)
            || rejected.Message.Contains(nameof(ConnectionFailedException), StringComparison.Ordinal),
        _ => false,
    };

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Method} refused or lost by a stopping silo; sending again (attempt {Attempt}): {Reason}")]
    private static partial void LogRetry(ILogger logger, string method, int attempt, string reason);
}
