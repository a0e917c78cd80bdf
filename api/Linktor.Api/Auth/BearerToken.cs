namespace Linktor.Api.Auth;

/// <summary>The bearer token of a request: the Authorization header, or <c>access_token</c> for hub connections (browsers cannot set headers on WebSockets).</summary>
public static class BearerToken
{
    public static string? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token)
            ? token.ToString()
            : null;
    }
}
