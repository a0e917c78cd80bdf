using Linktor.Contracts.Tenants;

namespace Linktor.Grains.Tenants;

/// <summary>
/// Counts one account's failed sign-ins in memory: a silo restart forgets them, which costs an attacker nothing
/// they could not get by waiting. While the account is locked the activation is kept, so the lock outlives idleness.
/// </summary>
public sealed class LoginBackoffGrain(TimeProvider clock) : Grain, ILoginBackoffGrain
{
    private int _failures;
    private DateTimeOffset _lockedUntil = DateTimeOffset.MinValue;

    public Task<TimeSpan?> LockedForAsync() => Task.FromResult(Remaining());

    public Task<TimeSpan?> FailedAsync(LoginBackoffPolicy policy)
    {
        // A failure while locked was refused before its password was checked; it neither counts nor extends.
        if (Remaining() is { } still)
        {
            return Task.FromResult<TimeSpan?>(still);
        }

        _failures++;
        if (_failures < policy.FreeFailures)
        {
            return Task.FromResult<TimeSpan?>(null);
        }

        var lockFor = policy.LockAfter(_failures);
        _lockedUntil = clock.GetUtcNow() + lockFor;
        this.DelayDeactivation(lockFor);
        return Task.FromResult<TimeSpan?>(lockFor);
    }

    public Task SucceededAsync()
    {
        (_failures, _lockedUntil) = (0, DateTimeOffset.MinValue);
        return Task.CompletedTask;
    }

    private TimeSpan? Remaining()
    {
        var left = _lockedUntil - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }
}
