namespace Linktor.Api.Auth;

public static class AuthSchemes
{
    /// <summary>Picks <see cref="Agent"/> or <see cref="ApiKey"/> by the bearer token's shape.</summary>
    public const string Bearer = "Bearer";
    public const string Agent = "AgentJwt";
    public const string ApiKey = "ApiKey";
    public const string Visitor = "VisitorJwt";

    public const string VisitorAudience = "linktor-webchat";
    public const string AgentAudience = "linktor-api";

    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";
    public const string VisitorPolicy = "visitor";
}
