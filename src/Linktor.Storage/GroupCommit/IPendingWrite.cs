namespace Linktor.Storage.GroupCommit;

/// <summary>A write waiting in a <see cref="GroupCommitQueue{TItem}"/>.</summary>
public interface IPendingWrite
{
    void Fail(Exception error);
}
