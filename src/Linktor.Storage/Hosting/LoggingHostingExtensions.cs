using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The console logs of every Linktor host (silo, API node, single node; here because it is the one project they all
/// reference with the shared framework).
/// </summary>
public static class LoggingHostingExtensions
{
    /// <summary>
    /// Outside Development, one JSON object per line (what a log collector parses), with the scopes and the current
    /// trace and span ids in each, so a line leads to its trace; in Development, readable text. An explicit
    /// <c>Logging:Console:FormatterName</c> (<c>json</c>, <c>simple</c>, <c>systemd</c>) wins. Adding it twice changes nothing.
    /// </summary>
    public static IHostApplicationBuilder AddLinktorLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var formatter = builder.Environment.IsDevelopment() ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json;
        // After the binding of Logging:Console, so that a configured formatter is kept.
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= formatter);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            // The trace and span ids reach the formatter as a scope.
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return builder;
    }
}
