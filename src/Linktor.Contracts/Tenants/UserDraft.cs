namespace Linktor.Contracts.Tenants;

[GenerateSerializer, Immutable, Alias("Linktor.UserDraft")]
public sealed record UserDraft
{
    [Id(0)] public required string Email { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required UserRole Role { get; init; }
    [Id(3)] public required string PasswordHash { get; init; }
}
