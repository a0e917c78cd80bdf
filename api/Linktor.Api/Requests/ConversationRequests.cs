using Linktor.Api.Infrastructure;
using Linktor.Contracts.Conversations;

namespace Linktor.Api.Requests;

public sealed record CreateConversationRequest(Guid? ContactId, Guid? ChannelId);

/// <summary><c>assignee_id</c> and <c>priority</c> may be sent as null to clear them.</summary>
public sealed record UpdateConversationRequest(
    ConversationStatus? Status, Optional<Guid?> AssigneeId, Optional<ConversationPriority?> Priority,
    IReadOnlyList<string>? Labels, DateTimeOffset? SnoozedUntil);
