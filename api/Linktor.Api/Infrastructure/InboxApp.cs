namespace Linktor.Api.Infrastructure;

/// <summary>
/// The agent inbox (ClientApp, built into wwwroot): client routes such as <c>/conversations/…</c> answer
/// index.html so a reload or a shared link opens the app. The API's own prefixes never do: a mistyped
/// <c>/api/…</c> stays a 404 problem document rather than an HTML page a client would try to parse.
/// </summary>
public static class InboxApp
{
    public const string ConstraintName = "inbox";

    public static IServiceCollection AddInboxApp(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<InboxRouteConstraint>(ConstraintName));

    public static IEndpointConventionBuilder MapInboxApp(this IEndpointRouteBuilder app) =>
        app.MapFallbackToFile($"{{*path:nonfile:{ConstraintName}}}", "index.html");
}
