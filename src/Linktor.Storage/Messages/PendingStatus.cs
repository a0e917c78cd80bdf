using Linktor.Contracts.Messages;
using Linktor.Storage.GroupCommit;

namespace Linktor.Storage.Messages;

/// <summary>A message's new delivery state waiting for its group commit.</summary>
internal sealed class PendingStatus(MessageRecord message, StatusChange change) : IPendingWrite
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MessageRecord Message { get; } = message;

    public StatusChange Change { get; } = change;

    public Task Completion => _done.Task;

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception error) => _done.TrySetException(error);
}
