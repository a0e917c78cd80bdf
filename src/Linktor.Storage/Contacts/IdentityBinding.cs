namespace Linktor.Storage.Contacts;

/// <summary>A row of the identity index: the contact an external identity belongs to, and its current conversation.</summary>
public sealed record IdentityBinding(Guid ContactId, Guid? ConversationId);
