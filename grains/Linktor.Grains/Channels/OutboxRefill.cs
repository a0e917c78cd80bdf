namespace Linktor.Grains.Channels;

/// <summary>A refill under way: the window's room when it began, and the dropped notifications counted by then.</summary>
internal sealed record OutboxRefill(int Room, long DroppedBefore);
