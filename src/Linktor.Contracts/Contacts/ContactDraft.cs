namespace Linktor.Contracts.Contacts;

[GenerateSerializer, Immutable, Alias("Linktor.ContactDraft")]
public sealed record ContactDraft
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public string? Email { get; init; }
    [Id(2)] public string? Phone { get; init; }
    [Id(3)] public IReadOnlyDictionary<string, string> CustomAttributes { get; init; } = new Dictionary<string, string>();
    [Id(4)] public IReadOnlyList<string> Labels { get; init; } = [];
    [Id(5)] public IReadOnlyList<ContactIdentity> Identities { get; init; } = [];
}
