using Linktor.Adapters;
using Polly;
using Polly.CircuitBreaker;

namespace Linktor.Grains.Channels;

/// <summary>
/// A Polly circuit breaker around a channel's sends: when most recent sends fail because the
/// provider is down (outages, timeouts; not throttling or a bad message), the channel stops sending
/// for a while instead of burning every queued message's attempts, then lets one trial through.
/// </summary>
internal sealed class ProviderCircuit
{
    private readonly ResiliencePipeline<SendResult> _pipeline;
    private DateTimeOffset _openUntil;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _breakDuration;

    public ProviderCircuit(OutboxOptions options, TimeProvider clock, Action<bool> onChange)
    {
        _clock = clock;
        _breakDuration = options.CircuitBreakDuration;
        _pipeline = new ResiliencePipelineBuilder<SendResult> { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SendResult>
            {
                FailureRatio = options.CircuitFailureRatio,
                MinimumThroughput = Math.Max(2, options.CircuitMinimumThroughput),
                SamplingDuration = options.CircuitSamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsProviderFailure(args.Outcome)),
                OnOpened = args =>
                {
                    _openUntil = _clock.GetUtcNow() + args.BreakDuration;
                    onChange(true);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    _openUntil = default;
                    onChange(false);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>How long until a trial send may go; zero when sends may go now.</summary>
    public TimeSpan OpenFor
    {
        get
        {
            var left = _openUntil - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Runs a send; null when the circuit refused it (nothing was sent, no attempt is counted).</summary>
    public async Task<SendResult?> ExecuteAsync(Func<CancellationToken, Task<SendResult>> send, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await send(token), ct);
        }
        catch (BrokenCircuitException ex)
        {
            var wait = ex.RetryAfter ?? _breakDuration;
            if (_openUntil < _clock.GetUtcNow() + wait)
            {
                _openUntil = _clock.GetUtcNow() + wait;
            }

            return null;
        }
    }

    private static bool IsProviderFailure(Outcome<SendResult> outcome) =>
        outcome.Exception is not null and not OperationCanceledException
        || outcome.Result is { Outcome: SendOutcome.Retryable, Error.Code: not "rate_limited" }
        || outcome.Result is { Outcome: SendOutcome.Unknown };
}
