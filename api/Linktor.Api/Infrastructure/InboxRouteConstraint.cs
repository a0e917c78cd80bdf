namespace Linktor.Api.Infrastructure;

/// <summary>Matches the paths the inbox app may answer: anything outside the API's reserved prefixes.</summary>
public sealed class InboxRouteConstraint : IRouteConstraint
{
    // "metrics": the Prometheus scrape, which a node serves on its own port or for the platform key, never as a page.
    private static readonly string[] Reserved = ["api", "hubs", "hooks", "health", "openapi", "widget", "media", "metrics"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        var path = values.TryGetValue(routeKey, out var value) ? value?.ToString() ?? "" : "";
        return !IsReserved(path);
    }

    /// <summary>Whether a path (with or without its leading '/') belongs to the API rather than the app.</summary>
    public static bool IsReserved(string path)
    {
        var first = path.TrimStart('/').Split('/', 2)[0];
        return Reserved.Contains(first, StringComparer.OrdinalIgnoreCase);
    }
}
