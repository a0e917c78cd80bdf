namespace Linktor.Api.Infrastructure;

/// <summary>Matches the paths the inbox app may answer: anything outside the API's reserved prefixes.</summary>
public sealed class InboxRouteConstraint : IRouteConstraint
{
    private static readonly string[] Reserved = ["api", "hubs", "hooks", "health", "openapi", "widget", "media"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        var path = values.TryGetValue(routeKey, out var value) ? value?.ToString() ?? "" : "";
        var first = path.Split('/', 2)[0];
        return !Reserved.Contains(first, StringComparer.OrdinalIgnoreCase);
    }
}
