namespace Linktor.Api.Tests.Wire;

public sealed record Contact(
    Guid Id, string? Name, string? Email, string? Phone, Dictionary<string, string> CustomAttributes,
    IReadOnlyList<string> Labels, IReadOnlyList<Identity> Identities, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
