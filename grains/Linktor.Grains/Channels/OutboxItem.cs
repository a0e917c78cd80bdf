using Linktor.Contracts.Messages;

namespace Linktor.Grains.Channels;

/// <summary>A message in a channel's in-memory outbox: when it may go next and how often it was tried.</summary>
internal sealed class OutboxItem(MessageRecord message, string contactAddress)
{
    public MessageRecord Message { get; } = message;

    public string ContactAddress { get; } = contactAddress;

    public int Attempts { get; set; }

    public DateTimeOffset DueAt { get; set; }
}
