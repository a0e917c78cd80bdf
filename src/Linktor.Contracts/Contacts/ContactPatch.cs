namespace Linktor.Contracts.Contacts;

/// <summary>A partial update; <c>Set*</c> flags tell "clear" (null) from "leave alone".</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ContactPatch")]
public sealed record ContactPatch
{
    [Id(0)] public bool SetName { get; init; }
    [Id(1)] public string? Name { get; init; }
    [Id(2)] public bool SetEmail { get; init; }
    [Id(3)] public string? Email { get; init; }
    [Id(4)] public bool SetPhone { get; init; }
    [Id(5)] public string? Phone { get; init; }
    [Id(6)] public IReadOnlyDictionary<string, string>? CustomAttributes { get; init; }
    [Id(7)] public IReadOnlyList<string>? Labels { get; init; }
    [Id(8)] public IReadOnlyList<ContactIdentity>? Identities { get; init; }
}
