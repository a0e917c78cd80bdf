namespace Linktor.Grains.Channels;

/// <summary>
/// A channel's outbox window in memory, indexed so that every operation costs O(log n) whatever its size: one
/// queue per conversation (in seq order, one message out at a time), and a priority queue of the conversations
/// whose head may go, by due time then arrival. The window holds at most <c>capacity</c> messages; the rest of the
/// queue stays in the store (the message table) until there is room.
/// </summary>
internal sealed class OutboxQueue(int capacity)
{
    private readonly Dictionary<Guid, OutboxItem> _items = [];
    private readonly Dictionary<Guid, SortedList<long, OutboxItem>> _conversations = [];
    private readonly HashSet<Guid> _busy = [];
    private readonly PriorityQueue<(OutboxItem Item, int Stamp), (DateTimeOffset DueAt, long Order)> _ready = new();
    private long _order;

    public int Count => _items.Count;

    public int Capacity => capacity;

    public bool IsFull => _items.Count >= capacity;

    /// <summary>Messages taken (sending or recording) and not yet released or removed.</summary>
    public int Taken => _busy.Count;

    public bool Contains(Guid messageId) => _items.ContainsKey(messageId);

    public IReadOnlyCollection<Guid> MessageIds => _items.Keys;

    public IEnumerable<OutboxItem> Items => _items.Values;

    /// <summary>Adds a message; false when it is already here or the window is full (it stays in the store).</summary>
    public bool TryAdd(OutboxItem item)
    {
        if (_items.ContainsKey(item.Message.Id) || IsFull)
        {
            return false;
        }

        var conversationId = item.Message.ConversationId;
        if (!_conversations.TryGetValue(conversationId, out var queue))
        {
            _conversations[conversationId] = queue = [];
        }

        if (!queue.TryAdd(item.Message.Seq, item))
        {
            return false;
        }

        _items[item.Message.Id] = item;
        if (!_busy.Contains(conversationId) && ReferenceEquals(queue.Values[0], item))
        {
            Schedule(item);
        }

        return true;
    }

    /// <summary>When the next message may go (null: none waits); taken conversations do not count.</summary>
    public DateTimeOffset? NextDueAt => TryPeekValid(out var item) ? item.DueAt : null;

    /// <summary>Takes the next message due by <paramref name="now"/>, oldest due first; its conversation is busy until it is released or removed.</summary>
    public OutboxItem? TakeDue(DateTimeOffset now)
    {
        if (!TryPeekValid(out var item) || item.DueAt > now)
        {
            return null;
        }

        _ready.Dequeue();
        _busy.Add(item.Message.ConversationId);
        return item;
    }

    /// <summary>Puts a taken message back, due at <paramref name="dueAt"/>; later messages of its conversation keep waiting behind it.</summary>
    public void Release(OutboxItem item, DateTimeOffset dueAt)
    {
        item.DueAt = dueAt;
        _busy.Remove(item.Message.ConversationId);
        if (_items.ContainsKey(item.Message.Id))
        {
            ScheduleHead(item.Message.ConversationId);
        }
    }

    /// <summary>Removes a message (sent, failed, or no longer queued); the next of its conversation may go.</summary>
    public void Remove(OutboxItem item)
    {
        var conversationId = item.Message.ConversationId;
        if (_items.Remove(item.Message.Id) && _conversations.TryGetValue(conversationId, out var queue))
        {
            queue.Remove(item.Message.Seq);
            if (queue.Count == 0)
            {
                _conversations.Remove(conversationId);
            }
        }

        _busy.Remove(conversationId);
        ScheduleHead(conversationId);
    }

    public void Clear()
    {
        _items.Clear();
        _conversations.Clear();
        _busy.Clear();
        _ready.Clear();
    }

    private void ScheduleHead(Guid conversationId)
    {
        if (!_busy.Contains(conversationId) && _conversations.TryGetValue(conversationId, out var queue) && queue.Count > 0)
        {
            Schedule(queue.Values[0]);
        }
    }

    private void Schedule(OutboxItem item)
    {
        item.Stamp++;
        _ready.Enqueue((item, item.Stamp), (item.DueAt, _order++));
    }

    /// <summary>Drops stale entries (rescheduled, removed, no longer the head, or of a busy conversation) off the top.</summary>
    private bool TryPeekValid(out OutboxItem item)
    {
        while (_ready.TryPeek(out var entry, out _))
        {
            var candidate = entry.Item;
            var conversationId = candidate.Message.ConversationId;
            if (entry.Stamp == candidate.Stamp
                && _items.ContainsKey(candidate.Message.Id)
                && !_busy.Contains(conversationId)
                && ReferenceEquals(_conversations[conversationId].Values[0], candidate))
            {
                item = candidate;
                return true;
            }

            _ready.Dequeue();
        }

        item = null!;
        return false;
    }
}
