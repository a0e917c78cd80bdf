using Linktor.Storage.Events;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// Reads one queue of the events table for its pulling agent, and keeps the queue's durable cursor.
/// <para>
/// Two positions: the <em>read</em> position (in memory: the last row handed to the agent; the next poll reads after
/// it) and the <em>confirmed</em> one (every consumer has processed the queue up to it), which is what
/// <c>event_cursors</c> stores. The agent calls <see cref="MessagesDeliveredAsync(IList{IBatchContainer}, CancellationToken)"/>
/// at the start of a poll with the batches its cache purged, and the cache purges a batch only once every consumer
/// of its stream has moved past it, oldest batches first (see <see cref="EventQueueCache"/>). The confirmed position
/// therefore advances over the longest run of batches, in the order they were read, that came back purged. A batch
/// the agent gave up on leaves the cache without coming back (Orleans leaves failed batches out); the cursor then
/// stays before it for the rest of this receiver's life, so whoever reads the queue next delivers it again.
/// </para>
/// <para>
/// A new receiver (a silo started, or took the queue over from a stopped or crashed one) reads on from the saved
/// cursor: everything not confirmed is delivered again (at least once), and consumers drop repeats by event id.
/// </para>
/// </summary>
internal sealed partial class EventQueueReceiver(
    QueueId queueId, EventStore store, EventStreamOptions options, TimeProvider time, EventQueueAdapter owner, ILogger logger)
    : IQueueAdapterReceiver
{
    private readonly short _queue = EventQueueMapper.TableQueue(queueId);

    // Batches handed to the agent and not yet purged from its cache, in the order they were read.
    private readonly Queue<EventBatch> _unconfirmed = new();
    private bool _loaded;
    private EventPosition _readAfter;
    private EventPosition _confirmed;
    private EventPosition _saved;
    private bool _stalled;
    private DateTimeOffset _nextPurge;
    private Task _purging = Task.CompletedTask;
    private long _polls;
    private long _eventsRead;

    /// <summary>The table's queue number this receiver reads.</summary>
    public short Queue => _queue;

    /// <summary>Polls so far (a test's way to know the agent has looked at the queue since some moment).</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Rows read so far.</summary>
    public long EventsRead => Interlocked.Read(ref _eventsRead);

    public Task Initialize(TimeSpan timeout) => Initialize(timeout, CancellationToken.None);

    public async Task Initialize(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        // If this fails (PostgreSQL down), the agent logs it and polls anyway: the first poll loads the cursor then.
        await LoadAsync(cts.Token);
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            // Never read without the cursor: starting from the table's beginning would deliver the retained history again.
            await LoadAsync(cancellationToken);
        }

        Interlocked.Increment(ref _polls);
        await SaveIfBehindAsync(cancellationToken);
        StartPurgeIfDue();
        // The agent asks for no more batches than its cache has room for; every row may be a batch of its own.
        var limit = maxCount < 0 ? options.BatchSize : Math.Min(options.BatchSize, maxCount);
        if (limit <= 0)
        {
            return [];
        }

        var rows = await store.ReadAfterAsync(_queue, _readAfter, limit, cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var batches = Group(rows);
        _readAfter = rows[^1].At;
        Interlocked.Add(ref _eventsRead, rows.Count);
        if (!_stalled)
        {
            foreach (var batch in batches)
            {
                _unconfirmed.Enqueue(batch);
            }
        }

        return [.. batches];
    }

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_stalled || messages.Count == 0)
        {
            return;
        }

        var purged = new HashSet<IBatchContainer>(messages, ReferenceEqualityComparer.Instance);
        var advanced = false;
        while (_unconfirmed.TryPeek(out var next) && purged.Remove(next))
        {
            _unconfirmed.Dequeue();
            _confirmed = next.Last;
            advanced = true;
        }

        if (purged.Count > 0 && _unconfirmed.TryPeek(out var abandoned))
        {
            // Later batches were purged but this one was not: it left the cache undelivered to some consumer. Hold the
            // cursor before it; the queue's next reader (after a restart or a move) delivers it again.
            _stalled = true;
            _unconfirmed.Clear();
            LogAbandoned(logger, _queue, abandoned, _confirmed);
        }

        if (advanced)
        {
            await SaveIfBehindAsync(cancellationToken);
        }
    }

    public Task Shutdown(TimeSpan timeout) => Shutdown(timeout, CancellationToken.None);

    public async Task Shutdown(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (_loaded && !cancellationToken.IsCancellationRequested)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cts.CancelAfter(timeout);
                await SaveIfBehindAsync(cts.Token);
                await _purging.WaitAsync(cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // A hurried stop: what is not saved is delivered again by the next reader.
        }
        finally
        {
            owner.Detach(this);
            LogStopped(logger, _queue, _saved);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var cursor = await store.LoadCursorAsync(_queue, ct) ?? EventPosition.Start;
        _readAfter = _confirmed = _saved = cursor;
        _loaded = true;
        _nextPurge = time.GetUtcNow();
        owner.Attach(this);
        LogStarted(logger, _queue, cursor);
    }

    /// <summary>Persists the confirmed position if the table is behind it; a failure (an outage) is retried on the next poll.</summary>
    private async Task SaveIfBehindAsync(CancellationToken ct)
    {
        if (_confirmed <= _saved)
        {
            return;
        }

        var cursor = _confirmed;
        try
        {
            await store.SaveCursorAsync(_queue, cursor, ct);
            _saved = cursor;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogSaveFailed(logger, ex, _queue, cursor);
        }
    }

    /// <summary>
    /// Purges off the agent's path (on the thread pool): it only deletes rows at or before the cursor saved in the
    /// table, so it needs nothing of the receiver's state, and a slow delete never delays a delivery.
    /// </summary>
    private void StartPurgeIfDue()
    {
        var now = time.GetUtcNow();
        if (now < _nextPurge || !_purging.IsCompleted)
        {
            return;
        }

        _nextPurge = now + options.PurgeInterval;
        var createdBefore = now - options.Retention;
        _purging = Task.Run(() => PurgeAsync(createdBefore));
    }

    private async Task PurgeAsync(DateTimeOffset createdBefore)
    {
        try
        {
            var total = 0;
            int deleted;
            do
            {
                deleted = await store.PurgeDeliveredAsync(_queue, createdBefore, options.PurgeChunk).ConfigureAwait(false);
                total += deleted;
            }
            while (deleted == options.PurgeChunk);

            if (total > 0)
            {
                LogPurged(logger, total, _queue);
            }
        }
        catch (Exception ex)
        {
            LogPurgeFailed(logger, ex, _queue);
        }
    }

    /// <summary>Consecutive rows of one tenant become one batch: its consumers get them in one call, in order.</summary>
    private static List<EventBatch> Group(IReadOnlyList<StoredEventRow> rows)
    {
        var batches = new List<EventBatch>();
        var start = 0;
        for (var i = 1; i <= rows.Count; i++)
        {
            if (i < rows.Count && rows[i].Event.TenantId == rows[start].Event.TenantId)
            {
                continue;
            }

            var run = rows.Skip(start).Take(i - start).ToArray();
            batches.Add(new EventBatch(
                EventStreamIds.For(rows[start].Event.TenantId),
                [.. run.Select(r => r.Event)],
                [.. run.Select(r => EventToken.Of(r.At))]));
            start = i;
        }

        return batches;
    }

    // Log event ids 120xx: the events outbox's queues (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "Events queue {Queue}: reading after {Cursor}")]
    private static partial void LogStarted(ILogger logger, short queue, EventPosition cursor);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Information, Message = "Events queue {Queue}: stopped, cursor saved at {Cursor}")]
    private static partial void LogStopped(ILogger logger, short queue, EventPosition cursor);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Warning, Message = "Events queue {Queue}: saving the cursor at {Cursor} failed; retrying on the next poll")]
    private static partial void LogSaveFailed(ILogger logger, Exception error, short queue, EventPosition cursor);

    [LoggerMessage(EventId = 12004, Level = LogLevel.Error, Message = "Events queue {Queue}: {Batch} left the stream cache without reaching every consumer; the cursor stays at {Cursor}, so the queue's next reader delivers it again")]
    private static partial void LogAbandoned(ILogger logger, short queue, EventBatch batch, EventPosition cursor);

    [LoggerMessage(EventId = 12005, Level = LogLevel.Information, Message = "Events queue {Queue}: purged {Count} delivered events past their retention")]
    private static partial void LogPurged(ILogger logger, int count, short queue);

    [LoggerMessage(EventId = 12006, Level = LogLevel.Warning, Message = "Events queue {Queue}: purging delivered events failed; trying again later")]
    private static partial void LogPurgeFailed(ILogger logger, Exception error, short queue);
}
