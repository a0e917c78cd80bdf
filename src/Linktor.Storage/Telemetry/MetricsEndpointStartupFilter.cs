using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Storage.Telemetry;

/// <summary>
/// The Prometheus scrape, first in every node's pipeline (silo and API alike, once in the single node). With
/// <see cref="TelemetryOptions.MetricsPort"/>, <c>/metrics</c> answers on that port only, to anyone who reaches it,
/// and nothing else does there; without it, on the main port to the platform admin key only. No key configured: no
/// scrape at all (404), as the tenant routes refuse everyone then.
/// </summary>
internal sealed partial class MetricsEndpointStartupFilter(
    IOptions<TelemetryOptions> options, IConfiguration configuration, ILogger<MetricsEndpointStartupFilter> logger) : IStartupFilter
{
    public const string Path = "/metrics";

    /// <summary>The operator's key, the API's <c>Linktor:Platform:AdminKey</c>; read here too, for a silo has no API.</summary>
    public const string AdminKeySetting = "Linktor:Platform:AdminKey";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var port = options.Value.MetricsPort;
        if (port > 0)
        {
            LogScrapeOnOwnPort(logger, Path, port);
            app.UseWhen(http => http.Connection.LocalPort == port, metricsPort =>
            {
                metricsPort.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == Path);
                metricsPort.Run(http => Problem(http, StatusCodes.Status404NotFound, "not_found", $"This port serves {Path} only."));
            });
        }
        else
        {
            LogScrapeBehindKey(logger, Path, AdminKeySetting);
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: http => http.Request.Path == Path,
                path: null,
                configureBranchedPipeline: scrape => scrape.Use(RequireAdminKey),
                optionsName: null);
        }

        next(app);
    };

    private Task RequireAdminKey(HttpContext http, RequestDelegate next)
    {
        var key = configuration[AdminKeySetting];
        if (string.IsNullOrEmpty(key))
        {
            return Problem(http, StatusCodes.Status404NotFound, "not_found", "No such resource.");
        }

        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(given)))
        {
            return Problem(http, StatusCodes.Status401Unauthorized, "unauthorized", $"Send the platform admin key ({AdminKeySetting}) as a bearer token.");
        }

        return next(http);
    }

    /// <summary>API.md's problem document (this runs before the API's problem handling, and on silos that have none).</summary>
    private static Task Problem(HttpContext http, int status, string code, string detail) =>
        Results.Problem(detail, statusCode: status, title: ReasonPhrase(status), type: $"urn:linktor:problem:{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(http);

    // Log event ids 130xx: telemetry (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 13001, Level = LogLevel.Information, Message = "Metrics: the Prometheus scrape is at {Path} on port {Port}, without authentication (keep the port private)")]
    private static partial void LogScrapeOnOwnPort(ILogger logger, string path, int port);

    [LoggerMessage(EventId = 13002, Level = LogLevel.Information, Message = "Metrics: the Prometheus scrape is at {Path} on the main port, for the platform admin key ({Setting}) as a bearer token")]
    private static partial void LogScrapeBehindKey(ILogger logger, string path, string setting);

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
