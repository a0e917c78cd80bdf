using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node logging ASP.NET Core (hosting, Kestrel, routing, SignalR, authentication) at Trace and everything else at
/// Debug into <see cref="Logs"/>: what an operator who turns logging up would keep.
/// </summary>
public sealed class LogCapturingNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Orleans"] = "Information",
    },
    realtime: false)
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
