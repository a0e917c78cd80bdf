using System.Diagnostics;
using System.Threading.Channels;
using Linktor.Storage.Telemetry;

namespace Linktor.Storage.GroupCommit;

/// <summary>
/// Group commit: writes from many callers are gathered into batches, and each batch is one
/// statement and one commit. Under light load a batch holds one item (no added latency); under
/// load batches grow on their own while the previous ones are in flight, so throughput is not
/// bounded by one round trip per write.
/// </summary>
/// <typeparam name="TItem">A pending write; it completes itself when its batch is done.</typeparam>
public sealed class GroupCommitQueue<TItem> : IAsyncDisposable
    where TItem : IPendingWrite
{
    private readonly Channel<TItem> _channel = Channel.CreateUnbounded<TItem>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = false,
    });

    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task> _writeBatch;
    private readonly int _maxBatchSize;
    private readonly string _activityName;
    private readonly KeyValuePair<string, object?> _kindTag;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;

    /// <param name="kind">What the queue writes (append, status, claim): the <c>kind</c> tag of its batch sizes and the name of its spans.</param>
    /// <param name="writeBatch">Writes a batch and completes its items; throwing fails the whole batch.</param>
    /// <param name="maxBatchSize">The most items one statement carries.</param>
    /// <param name="concurrency">How many batches may be in flight at once (connections used).</param>
    public GroupCommitQueue(string kind, Func<IReadOnlyList<TItem>, CancellationToken, Task> writeBatch, int maxBatchSize, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _writeBatch = writeBatch;
        _maxBatchSize = maxBatchSize;
        _activityName = $"group_commit {kind}";
        _kindTag = new("kind", kind);
        // The writers are the queue's, not the first caller's: no caller's activity (nor other ambient state) may flow
        // into them, or every later batch would join the trace of whichever request happened to build the store.
        using (ExecutionContext.SuppressFlow())
        {
            _writers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
        }
    }

    /// <summary>Queues a write; await the item's own task for its outcome.</summary>
    public void Enqueue(TItem item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            item.Fail(new ObjectDisposedException(nameof(GroupCommitQueue<TItem>)));
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<TItem>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            StorageTelemetry.BatchSize.Record(batch.Count, _kindTag);
            using var activity = StartBatchActivity(batch);
            try
            {
                await _writeBatch(batch, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// The batch's span, current while its statement runs, so the SQL spans (Npgsql's) are its children. A batch serves
    /// many callers but a span has one parent: it is parented on the first caller that had an activity (under light
    /// load, the only one: a send's trace runs from its HTTP request through the grain calls into this SQL), and links
    /// to the others' activities, so each of their traces can still find the statement that stored its write.
    /// Nothing is allocated for it unless someone listens (an exporter is configured).
    /// </summary>
    private Activity? StartBatchActivity(List<TItem> batch)
    {
        if (!StorageTelemetry.Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var item in batch)
        {
            var origin = item.Origin;
            if (origin == default)
            {
                continue;
            }

            if (parent == default)
            {
                parent = origin;
            }
            else
            {
                (links ??= []).Add(new ActivityLink(origin));
            }
        }

        var activity = StorageTelemetry.Source.StartActivity(_activityName, ActivityKind.Internal, parent, links: links);
        activity?.SetTag("linktor.group_commit.batch_size", batch.Count);
        return activity;
    }

    public async ValueTask DisposeAsync()
    {
        // Let queued writes finish: they were accepted and their callers are waiting.
        _channel.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
