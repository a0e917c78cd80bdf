namespace Linktor.Api.Endpoints;

/// <summary>A visitor session: the token for <c>/hubs/webchat</c> and the contact it speaks as.</summary>
public sealed record WebChatSession(string VisitorToken, Guid ContactId, string VisitorId);
