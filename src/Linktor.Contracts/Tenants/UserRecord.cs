using System.Text.Json.Serialization;

namespace Linktor.Contracts.Tenants;

[GenerateSerializer, Immutable, Alias("Linktor.UserRecord")]
public sealed record UserRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required string Email { get; init; }
    [Id(3)] public required string Name { get; init; }
    [Id(4)] public required UserRole Role { get; init; }
    [Id(5)] public required UserStatus Status { get; init; }
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }
}
