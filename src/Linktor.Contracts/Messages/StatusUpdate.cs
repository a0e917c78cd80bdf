namespace Linktor.Contracts.Messages;

/// <summary>A status reported for an outbound message by its channel (send result or provider callback).</summary>
[GenerateSerializer, Immutable, Alias("Linktor.StatusUpdate")]
public sealed record StatusUpdate
{
    [Id(0)] public required Guid MessageId { get; init; }
    [Id(1)] public required MessageStatus Status { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
    [Id(3)] public string? ExternalId { get; init; }
    [Id(4)] public MessageError? Error { get; init; }

    /// <summary>
    /// The message as the channel just read or recorded it, so that the conversation applying the status does not
    /// read it again from the store. A copy that is out of date costs nothing but a retry: the status is stored only
    /// if the message still has the status it was merged from.
    /// </summary>
    [Id(5)] public MessageRecord? Message { get; init; }
}
