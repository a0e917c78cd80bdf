using Linktor.Contracts.Messages;

namespace Linktor.Api.Requests;

public sealed record SendMessageRequest(MessageContent? Content, bool? Private, string? IdempotencyKey);

/// <summary><c>POST /messages</c>: to an external address (phone, chat id, email, visitor id) on a channel.</summary>
public sealed record SendToAddressRequest(Guid? ChannelId, string? To, MessageContent? Content, string? IdempotencyKey);

public sealed record WebChatSessionRequest(string? Name, string? Email);
