using System.Diagnostics;

namespace Linktor.Storage.GroupCommit;

/// <summary>A write waiting in a <see cref="GroupCommitQueue{TItem}"/>.</summary>
public interface IPendingWrite
{
    /// <summary>The caller's activity when it queued the write (default: none), so the batch's SQL joins the caller's trace.</summary>
    ActivityContext Origin { get; }

    void Fail(Exception error);
}
