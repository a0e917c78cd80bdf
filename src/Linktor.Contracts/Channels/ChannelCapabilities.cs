namespace Linktor.Contracts.Channels;

/// <summary>What a channel can carry; sends outside it are refused up front with <c>unsupported_content</c>.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ChannelCapabilities")]
public sealed record ChannelCapabilities
{
    [Id(0)] public required IReadOnlyList<string> ContentTypes { get; init; }
    [Id(1)] public int MaxTextLength { get; init; }
    [Id(2)] public long MaxMediaBytes { get; init; }
    [Id(3)] public bool Interactive { get; init; }
    [Id(4)] public bool Templates { get; init; }
    [Id(5)] public bool DeliveryReceipts { get; init; }
    [Id(6)] public bool ReadReceipts { get; init; }

    /// <summary>Whether a business may write first (false: only replies to a contact who wrote).</summary>
    [Id(7)] public bool CanInitiate { get; init; }

    /// <summary>
    /// How long after a contact's last message free-form messages may be sent (WhatsApp: 24 h);
    /// outside it only templates go. Null: no window.
    /// </summary>
    [Id(8)] public TimeSpan? ReplyWindow { get; init; }

    /// <summary>
    /// No provider stands between Linktor and the recipient (web chat: the visitor receives a reply over the hub),
    /// so a message is sent as soon as it is stored, and is never queued.
    /// </summary>
    [Id(9)] public bool SentWhenStored { get; init; }
}
