using Linktor.Contracts.Messages;

namespace Linktor.Storage.Messages;

/// <summary>An outbound message waiting to be sent, and the address of the contact it goes to.</summary>
public sealed record QueuedMessage(MessageRecord Message, string ContactAddress);
