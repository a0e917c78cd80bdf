namespace Linktor.Contracts.Messages;

/// <summary>One entry of a message's <c>status_history</c>.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] MessageStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] MessageError? Error = null);
