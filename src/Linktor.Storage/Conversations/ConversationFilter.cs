using Linktor.Contracts.Conversations;

namespace Linktor.Storage.Conversations;

/// <summary>The inbox filters of <c>GET /conversations</c>, already validated.</summary>
public sealed record ConversationFilter
{
    public ConversationStatus? Status { get; init; }

    public Guid? AssigneeId { get; init; }

    public bool Unassigned { get; init; }

    public Guid? ChannelId { get; init; }

    public Guid? ContactId { get; init; }

    public string? Label { get; init; }

    public string? Query { get; init; }
}
