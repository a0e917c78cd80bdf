namespace Linktor.Contracts.Tenants;

[GenerateSerializer, Immutable, Alias("Linktor.UserPatch")]
public sealed record UserPatch
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public UserRole? Role { get; init; }
    [Id(2)] public UserStatus? Status { get; init; }
    [Id(3)] public string? PasswordHash { get; init; }

    /// <summary>With a new password: the session that changed it, which stays signed in (the others end).</summary>
    [Id(4)] public Guid? KeepSessionId { get; init; }
}
