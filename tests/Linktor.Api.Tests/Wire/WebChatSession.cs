namespace Linktor.Api.Tests.Wire;

/// <summary><c>POST /api/v1/webchat/{channel_id}/sessions</c>.</summary>
public sealed record WebChatSession(string VisitorToken, Guid ContactId, string VisitorId);
