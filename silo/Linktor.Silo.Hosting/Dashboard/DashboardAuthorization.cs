using System.Text;
using Linktor.Contracts.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Linktor.Silo.Hosting.Dashboard;

/// <summary>
/// Every request to the dashboard, its page and assets as well as its data, must bear the platform admin key: as a bearer
/// token (scripts, curl), or as the password of HTTP Basic (a browser asks for it after the 401, then sends it with
/// each of the page's requests; the user name is ignored).
/// </summary>
public sealed class DashboardAuthorization(RequestDelegate next, IOptions<PlatformOptions> platform)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (platform.Value.IsAdminKey(KeyOf(context.Request)))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = new(["Bearer", "Basic realm=\"Linktor dashboard\", charset=\"UTF-8\""]);
        return TypedResults.Problem(
            "Send the platform admin key (Linktor:Platform:AdminKey) as a bearer token, or as the password of HTTP Basic.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", type: "urn:linktor:problem:unauthorized",
            extensions: new Dictionary<string, object?> { ["code"] = "unauthorized" }).ExecuteAsync(context);
    }

    private static string? KeyOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
