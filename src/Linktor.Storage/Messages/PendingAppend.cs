using System.Diagnostics;
using Linktor.Contracts.Messages;
using Linktor.Storage.Events;
using Linktor.Storage.GroupCommit;

namespace Linktor.Storage.Messages;

/// <summary>A message waiting for its group commit, with the events to store with it.</summary>
internal sealed class PendingAppend(MessageRecord message, IReadOnlyList<NewEvent> events) : IPendingWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActivityContext Origin { get; } = Activity.Current?.Context ?? default;

    public MessageRecord Message { get; } = message;

    public IReadOnlyList<NewEvent> Events { get; } = events;

    /// <summary>True when stored; false when a unique key (seq, provider id, idempotency key) was taken.</summary>
    public Task<bool> Completion => _done.Task;

    public void Complete(bool inserted) => _done.TrySetResult(inserted);

    public void Fail(Exception error) => _done.TrySetException(error);
}
