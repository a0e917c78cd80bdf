using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace Linktor.Api.Realtime;

/// <summary>A token bucket as an operator sets it: <see cref="Burst"/> at once, refilled at <see cref="PerMinute"/>.</summary>
public sealed class TokenBucketLimit
{
    [Range(1, int.MaxValue)]
    public int PerMinute { get; set; }

    [Range(1, int.MaxValue)]
    public int Burst { get; set; }

    /// <summary>
    /// The framework's options for it. Tokens come back a few at a time, never less than about half a second apart: a
    /// partitioned limiter refills its buckets on one 100 ms timer and adds one period's tokens per tick however late
    /// the tick is, so a shorter period would refill slower than asked (a late tick only ever lowers the rate).
    /// </summary>
    public TokenBucketRateLimiterOptions ToOptions()
    {
        var perPeriod = Math.Max(1, PerMinute / 60);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * perPeriod / PerMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
