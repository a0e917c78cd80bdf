namespace Linktor.Contracts.Messages;

/// <summary>A shared contact card (vCard-like), an entry of <c>content.contacts</c>.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ContactCard")]
public sealed record ContactCard
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public IReadOnlyList<string>? Phones { get; init; }
    [Id(2)] public IReadOnlyList<string>? Emails { get; init; }
}
