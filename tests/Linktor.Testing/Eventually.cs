using System.Diagnostics;
using Xunit.Sdk;

namespace Linktor.Testing;

/// <summary>
/// Waits for a condition with a deadline, polling with short, growing delays. Use instead of sleeping: a test
/// proceeds as soon as the condition holds and fails with <c>because</c> when it does not in time.
/// </summary>
/// <remarks>An exception from the probe counts as "not yet"; the last one is attached to the failure.</remarks>
public static class Eventually
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits until <paramref name="condition"/> returns true.</summary>
    public static async Task TrueAsync(
        Func<Task<bool>> condition, TimeSpan timeout, string because, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _ = await GetAsync<object>(async () => await condition() ? true : null, timeout, because, ct);
    }

    /// <summary>Waits until <paramref name="probe"/> returns a non-null reference, and returns it.</summary>
    public static Task<T> GetAsync<T>(
        Func<Task<T?>> probe, TimeSpan timeout, string because, CancellationToken ct = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        return PollAsync(async () => await probe() is { } value ? (true, value) : (false, default!), timeout, because, ct);
    }

    /// <summary>Waits until <paramref name="probe"/> returns a value (not null), and returns it.</summary>
    public static Task<T> GetAsync<T>(
        Func<Task<T?>> probe, TimeSpan timeout, string because, CancellationToken ct = default)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(probe);
        return PollAsync(async () => await probe() is { } value ? (true, value) : (false, default), timeout, because, ct);
    }

    private static async Task<T> PollAsync<T>(
        Func<Task<(bool Done, T Value)>> probe, TimeSpan timeout, string because, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = FirstDelay;
        Exception? lastError = null;
        var attempts = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            attempts++;
            try
            {
                var (done, value) = await probe();
                if (done)
                {
                    return value;
                }

                lastError = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                lastError = ex;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                var message = $"Not true within {timeout.TotalSeconds:0.###} s ({attempts} checks): {because}";
                if (lastError is not null)
                {
                    message += $"{Environment.NewLine}Last check threw {lastError.GetType().Name}: {lastError.Message}";
                }

                throw new XunitException(message, lastError);
            }

            await Task.Delay(remaining < delay ? remaining : delay, ct);
            delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
        }
    }
}
