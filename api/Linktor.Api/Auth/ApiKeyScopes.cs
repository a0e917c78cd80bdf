namespace Linktor.Api.Auth;

/// <summary>What an API key may do: <c>admin</c> as a tenant admin, <c>agent</c> as an agent.</summary>
public static class ApiKeyScopes
{
    public const string Admin = "admin";
    public const string Agent = "agent";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Admin, Agent };
}
