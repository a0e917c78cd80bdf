namespace Linktor.Api.Auth;

/// <summary><c>Linktor:Platform</c>: the operator's key for creating tenants. Unset: the tenant routes refuse everyone.</summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Linktor:Platform";

    public string? AdminKey { get; set; }
}
