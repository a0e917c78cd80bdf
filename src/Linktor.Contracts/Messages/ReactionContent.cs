namespace Linktor.Contracts.Messages;

/// <summary>An emoji reaction to a message; an empty emoji removes it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ReactionContent")]
public sealed record ReactionContent
{
    [Id(0)] public Guid? MessageId { get; init; }
    [Id(1)] public string? ExternalMessageId { get; init; }
    [Id(2)] public required string Emoji { get; init; }
}
