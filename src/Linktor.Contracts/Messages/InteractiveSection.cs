namespace Linktor.Contracts.Messages;

[GenerateSerializer, Immutable, Alias("Linktor.InteractiveSection")]
public sealed record InteractiveSection
{
    [Id(0)] public string? Title { get; init; }
    [Id(1)] public required IReadOnlyList<InteractiveOption> Rows { get; init; }
}
