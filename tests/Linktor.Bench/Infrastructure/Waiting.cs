using System.Diagnostics;

namespace Linktor.Bench.Infrastructure;

/// <summary>Waits for a condition with a deadline, polling with short, growing delays; never sleeps for luck.</summary>
public static class Waiting
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="condition"/> holds; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not yet (a server still starting)
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, ct);

    /// <summary>Like <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, CancellationToken)"/>, but failing with <paramref name="what"/>.</summary>
    public static async Task RequireAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        if (!await UntilAsync(condition, timeout, ct))
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
        }
    }
}
