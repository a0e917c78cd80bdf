using System.Diagnostics;
using System.Reflection;
using Linktor.Contracts.Common;
using Orleans.Runtime.Messaging;
using Orleans.Serialization.Invocation;
using Microsoft.Extensions.Logging;

namespace Linktor.Contracts.Hosting;

/// <summary>
/// Grain calls that a stopping or lost silo broke, sent again when that cannot do anything twice; registered on
/// the API's cluster client and on every silo (grains call grains on other silos).
/// <list type="bullet">
/// <item>Any call that never left: a draining silo refused it before it reached a grain ("Silo stopping",
/// "is shutting down"), or no connection to the gateway or target silo could be made (a crashed process). Nothing
/// ran; the runtime routes the retry through another gateway to the grain's new activation.</item>
/// <item>A call safe to repeat (<see cref="ResendPolicy"/>: <see cref="IdempotentAttribute">[Idempotent]</see>, or a
/// keyed send) whose silo went away while it was in flight ("The target silo became unavailable"): it may have run,
/// and running it again is harmless.</item>
/// </list>
/// Other failures, which may have run (a timeout, a send lost with its silo), are not retried: they answer 503
/// and the caller retries with its Idempotency-Key.
/// <para>
/// On an API node (<paramref name="deaths"/> given) a call that is still waiting when membership declares a silo dead
/// stops waiting at once: the client runtime would leave it to its response timeout (20 s) if the dead silo took its
/// request, and cannot tell whether it did. A call safe to repeat is made again; any other fails with
/// <see cref="CallLostWithSiloException"/> (503). Only a declared death does this, never a dropped gateway connection.
/// </para>
/// </summary>
public sealed partial class RetryRefusedCalls(ILogger<RetryRefusedCalls> logger, IDeclaredSiloDeaths? deaths = null) : IOutgoingGrainCallFilter
{
    /// <summary>4 more tries over 3.4 s: a draining silo hands its grains over within that.</summary>
    private static readonly TimeSpan[] SiloDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>
    /// On an API node, tries over 7.4 s, and a death declaration cuts the wait short and starts them over: a call
    /// refused by a crashed silo (its connections refused) is sent again as soon as membership declares it dead (about
    /// 4–5 s after the crash), which is when it can reach the grain's new activation, instead of failing just before.
    /// </summary>
    private static readonly TimeSpan[] ClientDelays = [.. SiloDelays, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)];

    private readonly TimeSpan[] _delays = deaths is null ? SiloDelays : ClientDelays;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Read before the attempt leaves: a death declared while it is out is one it may be lost to.
            var death = deaths?.Next;
            var sentAt = Stopwatch.GetTimestamp();
            var call = context.Invoke();
            if (death is not null && await LostToAsync(call, death, sentAt) is { } dead)
            {
                // The abandoned attempt still holds the context, so it is never invoked again: FailOverAsync either makes
                // a new call or throws, and this loop ends either way.
                await FailOverAsync(context, call, dead);
                return;
            }

            try
            {
                await call;
                return;
            }
            catch (Exception ex) when (attempt < _delays.Length && ShouldSendAgain(context.InterfaceMethod, Arguments(context.Request), ex))
            {
                LogRetry(logger, context.InterfaceMethod?.Name ?? "?", attempt + 1, ex.Message);
                var next = deaths?.Next;
                var wait = Task.Delay(_delays[attempt]);
                // A death declared since this attempt left, or while it waits to go again: the silos now place the grain
                // anew, so the tries start over from the short end instead of sleeping on (a gateway that has not heard
                // yet refuses once more, briefly). Each restart takes a new declaration, so this ends.
                if (death is { IsCompleted: true } || (next is not null && await Task.WhenAny(wait, next) != wait))
                {
                    attempt = -1;
                    await Task.Delay(_delays[0]);
                }
                else
                {
                    await wait;
                }
            }
        }
    }

    internal static bool ShouldSendAgain(MethodInfo? method, IReadOnlyList<object?> arguments, Exception ex) =>
        WasNeverSent(ex)
        || (ex is SiloUnavailableException && ResendPolicy.IsSafeToRepeat(method, arguments));

    /// <summary>
    /// Waits for <paramref name="call"/> to end (null), or for a death it may be lost to (the dead silo): one declared
    /// while it waits, if it was sent before the silo could have gone silent; if sent since, only if it has not ended
    /// within <see cref="IDeclaredSiloDeaths.MinimumTimeToDeclare"/> after the declaration.
    /// </summary>
    private async Task<SiloAddress?> LostToAsync(Task call, Task<SiloAddress> death, long sentAt)
    {
        while (await Task.WhenAny(call, death) != call)
        {
            var dead = await death;
            var window = deaths!.MinimumTimeToDeclare;
            if (Stopwatch.GetElapsedTime(sentAt) >= window)
            {
                return dead;
            }

            death = deaths.Next;
            var grace = Task.Delay(window);
            var first = await Task.WhenAny(call, grace, death);
            if (first == call)
            {
                return null;
            }

            if (first == grace)
            {
                return dead;
            }
        }

        return null;
    }

    /// <summary>A silo was declared dead while <paramref name="pending"/> waited: repeat the call if that is safe, else fail it.</summary>
    private async Task FailOverAsync(IOutgoingGrainCallContext context, Task pending, SiloAddress dead)
    {
        // It ends on its own later (a late answer, or the response timeout); nothing waits for it any more.
        _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var method = context.InterfaceMethod;
        var arguments = Arguments(context.Request);
        if (!ResendPolicy.IsSafeToRepeat(method, arguments) || !GrainCallReplay.CanReplay(method))
        {
            LogAbandoned(logger, method?.Name ?? "?", dead);
            throw new CallLostWithSiloException(
                $"{context.InterfaceName}.{context.MethodName} was waiting when silo {dead} was declared dead; it may or may not have run.");
        }

        LogFailOver(logger, method!.Name, dead);
        context.Result = await GrainCallReplay.InvokeAgainAsync(context.Grain, method, arguments);
    }

    private static object?[] Arguments(IInvokable request)
    {
        var arguments = new object?[request.GetArgumentCount()];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = request.GetArgument(i);
        }

        return arguments;
    }

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

    // Log event ids 50xx: failed calls (API errors, refused grain calls) (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "{Method} refused or lost by a stopping silo; sending again (attempt {Attempt}): {Reason}")]
    private static partial void LogRetry(ILogger logger, string method, int attempt, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "{Method} was waiting when silo {Silo} was declared dead; sending it again (safe to repeat)")]
    private static partial void LogFailOver(ILogger logger, string method, SiloAddress silo);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "{Method} was waiting when silo {Silo} was declared dead; failing it (not safe to repeat)")]
    private static partial void LogAbandoned(ILogger logger, string method, SiloAddress silo);
}
