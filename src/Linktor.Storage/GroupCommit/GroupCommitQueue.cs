using System.Threading.Channels;

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
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;

    /// <param name="writeBatch">Writes a batch and completes its items; throwing fails the whole batch.</param>
    /// <param name="maxBatchSize">The most items one statement carries.</param>
    /// <param name="concurrency">How many batches may be in flight at once (connections used).</param>
    public GroupCommitQueue(Func<IReadOnlyList<TItem>, CancellationToken, Task> writeBatch, int maxBatchSize, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _writeBatch = writeBatch;
        _maxBatchSize = maxBatchSize;
        _writers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
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

            try
            {
                await _writeBatch(batch, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                foreach (var item in batch)
                {
                    item.Fail(ex);
                }
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Let queued writes finish: they were accepted and their callers are waiting.
        _channel.Writer.TryComplete();
        await Task.WhenAll(_writers).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
