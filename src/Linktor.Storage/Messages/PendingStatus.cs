using System.Diagnostics;
using Linktor.Contracts.Messages;
using Linktor.Storage.Events;
using Linktor.Storage.GroupCommit;

namespace Linktor.Storage.Messages;

/// <summary>A message's new delivery state (merged from <see cref="Expected"/>) waiting for its group commit, with its event.</summary>
internal sealed class PendingStatus(MessageRecord message, MessageStatus expected, StatusChange change, NewEvent? announcement) : IPendingWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActivityContext Origin { get; } = Activity.Current?.Context ?? default;

    public MessageRecord Message { get; } = message;

    public MessageStatus Expected { get; } = expected;

    public StatusChange Change { get; } = change;

    public NewEvent? Announcement { get; } = announcement;

    /// <summary>True when applied; false when the stored status was no longer the expected one.</summary>
    public Task<bool> Completion => _done.Task;

    public void Complete(bool applied) => _done.TrySetResult(applied);

    public void Fail(Exception error) => _done.TrySetException(error);
}
