namespace Linktor.Contracts.Conversations;

/// <summary>
/// A partial update. Nullable fields distinguish "leave alone" (flag false) from "clear"
/// (flag true, value null), because JSON <c>"assignee_id": null</c> means unassign.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.ConversationPatch")]
public sealed record ConversationPatch
{
    [Id(0)] public ConversationStatus? Status { get; init; }
    [Id(1)] public bool SetAssignee { get; init; }
    [Id(2)] public Guid? AssigneeId { get; init; }
    [Id(3)] public bool SetPriority { get; init; }
    [Id(4)] public ConversationPriority? Priority { get; init; }
    [Id(5)] public IReadOnlyList<string>? Labels { get; init; }
    [Id(6)] public DateTimeOffset? SnoozedUntil { get; init; }
}
