namespace Linktor.Api.Auth;

/// <summary>Claim types in Linktor's tokens and principals.</summary>
public static class LinktorClaims
{
    public const string Tenant = "tid";
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Session = "sid";
    public const string Kind = "kind";
    public const string Channel = "chn";
    public const string Contact = "cid";
    public const string Visitor = "vid";
    public const string Scopes = "scp";

    public const string AgentKind = "agent";
    public const string ApiKeyKind = "api_key";
    public const string VisitorKind = "visitor";
}
