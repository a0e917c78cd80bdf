using System.Text.Json.Serialization;
using Linktor.Contracts.Conversations;

namespace Linktor.Contracts.Contacts;

/// <summary>A contact as API.md shows it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ContactRecord")]
public sealed record ContactRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public string? Name { get; init; }
    [Id(3)] public string? Email { get; init; }
    [Id(4)] public string? Phone { get; init; }
    [Id(5)] public IReadOnlyDictionary<string, string> CustomAttributes { get; init; } = new Dictionary<string, string>();
    [Id(6)] public IReadOnlyList<string> Labels { get; init; } = [];
    [Id(7)] public IReadOnlyList<ContactIdentity> Identities { get; init; } = [];
    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public required DateTimeOffset UpdatedAt { get; init; }

    public ContactSummary ToSummary() => new() { Id = Id, Name = Name, Email = Email, Phone = Phone };
}
