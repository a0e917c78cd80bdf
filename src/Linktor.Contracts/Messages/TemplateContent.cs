namespace Linktor.Contracts.Messages;

/// <summary>A provider-approved template (WhatsApp) with its body parameters.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.TemplateContent")]
public sealed record TemplateContent
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Language { get; init; }
    [Id(2)] public IReadOnlyList<string>? Parameters { get; init; }
}
