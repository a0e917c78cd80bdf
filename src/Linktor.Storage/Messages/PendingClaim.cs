using System.Diagnostics;
using Linktor.Storage.GroupCommit;

namespace Linktor.Storage.Messages;

/// <summary>A queued message to be marked as being sent, waiting for its group commit.</summary>
internal sealed class PendingClaim(Guid tenantId, Guid messageId, DateTimeOffset at, DateTimeOffset? mark) : IPendingWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActivityContext Origin { get; } = Activity.Current?.Context ?? default;

    public Guid TenantId { get; } = tenantId;

    public Guid MessageId { get; } = messageId;

    public DateTimeOffset At { get; } = at;

    /// <summary>The claimer's mark from its previous attempt, if it holds one.</summary>
    public DateTimeOffset? Mark { get; } = mark;

    /// <summary>True when claimed: it may go to the provider now, once.</summary>
    public Task<bool> Completion => _done.Task;

    public void Complete(bool claimed) => _done.TrySetResult(claimed);

    public void Fail(Exception error) => _done.TrySetException(error);
}
