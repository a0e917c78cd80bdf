namespace Linktor.Contracts.Messages;

/// <summary>
/// The outcome of an inbound append: the stored message and whether it was already there, or
/// <see cref="Closed"/> when the conversation is resolved and the message belongs in a new one.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.Received")]
public sealed record Received(
    [property: Id(0)] MessageRecord? Message,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] bool Closed = false);
