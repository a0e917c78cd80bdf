using Linktor.Contracts.Messages;

namespace Linktor.Storage.Messages;

/// <summary>An outbound message waiting to be sent, and the address of the contact it goes to.</summary>
public sealed record QueuedMessage(MessageRecord Message, string ContactAddress)
{
    /// <summary>Set while an attempt may be at the provider: its outcome was never recorded (or is being recorded now).</summary>
    public DateTimeOffset? SendingSince { get; init; }

    /// <summary>Attempts claimed so far.</summary>
    public int Attempts { get; init; }
}
