using Linktor.Contracts.Idempotency;
using Linktor.Grains.Common;

namespace Linktor.Grains.Idempotency;

/// <summary>
/// Remembers one key's request and response. The in-progress mark lives in memory only: a node
/// that dies mid-request frees the key (nothing was acknowledged), and a mark older than
/// <see cref="InProgressFor"/> is presumed dead too.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", GrainStorage.Name)] IPersistentState<IdempotencyState> state,
    TimeProvider clock) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);
    private static readonly TimeSpan InProgressFor = TimeSpan.FromMinutes(1);

    private (string Fingerprint, DateTimeOffset Since)? _running;

    public Task<IdempotencyDecision> BeginAsync(string fingerprint)
    {
        var now = clock.GetUtcNow();
        if (state.State.Response is { } response && now - state.State.CompletedAt < KeepFor)
        {
            return Decide(state.State.Fingerprint == fingerprint
                ? new IdempotencyDecision(IdempotencyOutcome.Replay, response)
                : new IdempotencyDecision(IdempotencyOutcome.Mismatch));
        }

        if (_running is { } running && now - running.Since < InProgressFor)
        {
            return Decide(new IdempotencyDecision(running.Fingerprint == fingerprint ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Mismatch));
        }

        _running = (fingerprint, now);
        return Decide(new IdempotencyDecision(IdempotencyOutcome.Proceed));
    }

    public async Task CompleteAsync(string fingerprint, StoredResponse response)
    {
        if (_running?.Fingerprint != fingerprint)
        {
            return;
        }

        state.State = new IdempotencyState { Fingerprint = fingerprint, Response = response, CompletedAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        _running = null;
    }

    public Task AbandonAsync(string fingerprint)
    {
        if (_running?.Fingerprint == fingerprint)
        {
            _running = null;
        }

        return Task.CompletedTask;
    }

    private static Task<IdempotencyDecision> Decide(IdempotencyDecision decision) => Task.FromResult(decision);
}
