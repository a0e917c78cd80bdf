using Linktor.Storage.Events;

namespace Linktor.Grains.Events;

/// <summary>
/// An event kept in a grain's state until the row that makes its change visible (the conversation, contact or
/// channel list row) has been written with it. Grain state and that row are two writes; if a crash comes between
/// them, the next activation writes the row again and the event with it, so the event is never lost.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.Grains.UnannouncedEvent")]
public sealed record UnannouncedEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] string Name,
    [property: Id(3)] Guid? ConversationId,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string Data)
{
    public static UnannouncedEvent From(NewEvent e) => new(e.Id, e.TenantId, e.Name, e.ConversationId, e.CreatedAt, e.Data);

    public NewEvent ToNewEvent() => new(Id, TenantId, Name, ConversationId, CreatedAt, Data);
}
