using System.Threading.RateLimiting;
using Linktor.Adapters;

namespace Linktor.Grains.Channels;

/// <summary>
/// The provider's send rates as token buckets (the framework's <see cref="TokenBucketRateLimiter"/>):
/// one for the channel and one per recipient. A send takes a token from both or from neither before it is claimed,
/// and one of the channel's pacer (the same rate) right before the provider call: claims take a database round trip
/// of varying length, and without the pacer sends let through apart in time could reach the provider bunched.
/// The channel's two buckets refill on a timer, whose late ticks only ever lower the rate: the provider, which counts
/// arrivals, never sees more than the rate plus the burst even when requests reach it unevenly. Recipient buckets
/// refill when they are asked, by the time elapsed: a timer each, ticking every 10 ms whether anyone sends or not,
/// cost a channel with a thousand recent recipients most of a core.
/// </summary>
internal sealed class SendThrottle : IDisposable
{
    private const int MaxIdleRecipients = 10_000;

    private readonly ChannelRateLimits _limits;
    private readonly TokenBucketRateLimiter? _channel;
    private readonly TokenBucketRateLimiter? _pacer;
    private readonly Dictionary<string, TokenBucketRateLimiter> _recipients = new(StringComparer.Ordinal);

    public SendThrottle(ChannelRateLimits limits)
    {
        _limits = limits;
        _channel = double.IsPositiveInfinity(limits.PerSecond) ? null : Bucket(limits.PerSecond, limits.Burst, onTimer: true);
        _pacer = double.IsPositiveInfinity(limits.PerSecond) ? null : Bucket(limits.PerSecond, limits.Burst, onTimer: true);
    }

    /// <summary>
    /// Takes a token of the channel's pacer, right before a provider call (made in the same turn, so nothing comes
    /// between the token and the request); false, with how long to wait, when the channel is at its rate.
    /// </summary>
    public bool TryPace(out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (_pacer is null)
        {
            return true;
        }

        using var lease = _pacer.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return true;
        }

        wait = PeriodOf(_limits.PerSecond);
        return false;
    }

    /// <summary>
    /// Takes a token for a send to <paramref name="recipient"/>, or says how long to wait and whether
    /// the whole channel is out of tokens (then nothing else may go either).
    /// </summary>
    public bool TryAcquire(string recipient, out TimeSpan wait, out bool channelExhausted)
    {
        wait = TimeSpan.Zero;
        channelExhausted = false;
        if (_channel is not null && _channel.GetStatistics()?.CurrentAvailablePermits is < 1)
        {
            channelExhausted = true;
            wait = PeriodOf(_limits.PerSecond);
            return false;
        }

        if (_limits.RecipientPerSecond is { } perRecipient)
        {
            using var lease = Refilled(RecipientBucket(recipient, perRecipient)).AttemptAcquire();
            if (!lease.IsAcquired)
            {
                wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : PeriodOf(perRecipient);
                return false;
            }
        }

        if (_channel is not null)
        {
            using var lease = _channel.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                channelExhausted = true;
                wait = PeriodOf(_limits.PerSecond);
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        _channel?.Dispose();
        _pacer?.Dispose();
        foreach (var bucket in _recipients.Values)
        {
            bucket.Dispose();
        }

        _recipients.Clear();
    }

    private TokenBucketRateLimiter RecipientBucket(string recipient, double perSecond)
    {
        if (!_recipients.TryGetValue(recipient, out var bucket))
        {
            if (_recipients.Count >= MaxIdleRecipients)
            {
                ForgetFullBuckets();
            }

            bucket = Bucket(perSecond, _limits.RecipientBurst, onTimer: false);
            _recipients[recipient] = bucket;
        }

        return bucket;
    }

    /// <summary>A full bucket holds nothing worth keeping: a new one would be the same.</summary>
    private void ForgetFullBuckets()
    {
        foreach (var (recipient, bucket) in _recipients.ToList())
        {
            if (Refilled(bucket).GetStatistics()?.CurrentAvailablePermits >= _limits.RecipientBurst)
            {
                bucket.Dispose();
                _recipients.Remove(recipient);
            }
        }
    }

    /// <summary>
    /// A bucket refilling <paramref name="perSecond"/> tokens a second: on a timer, one token a period where the
    /// period is at least 10 ms, else several per 10 ms; or, not <paramref name="onTimer"/>, in proportion to the time
    /// elapsed when it is asked (<see cref="Refilled"/>), the period then setting only a refused lease's Retry-After.
    /// </summary>
    private static TokenBucketRateLimiter Bucket(double perSecond, int burst, bool onTimer)
    {
        var tokensPerPeriod = Math.Max(1, (int)Math.Floor(perSecond / 100));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / perSecond),
            QueueLimit = 0,
            AutoReplenishment = onTimer,
        });
    }

    /// <summary>Brings a bucket that refills when asked up to date (a no-op for one on a timer).</summary>
    private static TokenBucketRateLimiter Refilled(TokenBucketRateLimiter bucket)
    {
        bucket.TryReplenish();
        return bucket;
    }

    private static TimeSpan PeriodOf(double perSecond) =>
        TimeSpan.FromSeconds(Math.Clamp(1 / perSecond, 0.005, 60));
}
