namespace Linktor.Grains.Common;

/// <summary>Exponential backoff with ±20% jitter, never sooner than the other side asked (<c>Retry-After</c>).</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? retryAfter, Random random)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        var jittered = capped * (0.8 + (0.4 * random.NextDouble()));
        var delay = TimeSpan.FromMilliseconds(jittered);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
