using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>A node whose every log line, at Trace and above in every category, is kept in <see cref="Logs"/>.</summary>
public sealed class LogCaptureNode() : LinktorNode(new Dictionary<string, string>(), realtime: false)
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A rule for this provider alone outranks the configured levels (appsettings' "Microsoft.AspNetCore": "Warning", ...).
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
    }
}
