namespace Linktor.Contracts.Messages;

/// <summary>Profile fields a provider or a visitor supplies; used to fill a new contact.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ContactProfileHint")]
public sealed record ContactProfileHint
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? Email { get; init; }
    [Id(2)] public string? Phone { get; init; }
}
