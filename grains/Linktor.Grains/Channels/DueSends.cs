namespace Linktor.Grains.Channels;

/// <summary>What <see cref="OutboxScheduler.TakeDue"/> took: items to record, items to claim and send, and until when the channel holds off.</summary>
internal sealed record DueSends(IReadOnlyList<OutboxItem> ToRecord, IReadOnlyList<OutboxItem> ToSend, DateTimeOffset? HoldUntil);
