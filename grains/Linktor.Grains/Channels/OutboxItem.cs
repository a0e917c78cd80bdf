using System.Diagnostics;
using Linktor.Contracts.Messages;

namespace Linktor.Grains.Channels;

/// <summary>A message in a channel's in-memory outbox window: when it may go next, and how far its send got.</summary>
internal sealed class OutboxItem(MessageRecord message, string contactAddress)
{
    public MessageRecord Message { get; } = message;

    public string ContactAddress { get; } = contactAddress;

    /// <summary>Attempts claimed so far (the store counts them too, across activations).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The activity that queued the message (a send's grain call), if any: its provider call joins that trace.</summary>
    public ActivityContext Origin { get; init; }

    /// <summary>
    /// The send mark this activation holds in the store (<c>sending_since</c>), null when the message is unmarked. A
    /// claim succeeds only while the stored mark is this one, so a mark left by anyone else is never taken over.
    /// </summary>
    public DateTimeOffset? Mark { get; set; }

    /// <summary>
    /// The provider's final answer (accepted, refused, or outcome unknown), once there is one. From then on only
    /// its record is retried: the message never goes to the provider again.
    /// </summary>
    public StatusUpdate? Outcome { get; set; }

    /// <summary>Bumped each time the item is scheduled; a queue entry with an older stamp is stale.</summary>
    internal int Stamp { get; set; }
}
