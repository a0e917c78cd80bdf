namespace Linktor.Contracts.Messages;

[GenerateSerializer, Immutable, Alias("Linktor.InteractiveOption")]
public sealed record InteractiveOption
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public string? Description { get; init; }
}
