using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Linktor.Silo.Hosting.Dashboard;

/// <summary>
/// The dashboard on a Kestrel server of its own, on <see cref="OperatorDashboardOptions.Port"/>: the host's own listener
/// (health endpoints, the API in a single node) keeps the addresses it was given, and serves no dashboard route, while
/// this one serves nothing else. Its pipeline runs on the host's services, where the silo's dashboard services live.
/// </summary>
internal sealed partial class DashboardServer(
    IServiceProvider services, IOptions<OperatorDashboardOptions> options, IHttpContextFactory contexts, ILoggerFactory loggerFactory,
    ILogger<DashboardServer> logger) : IHostedService, IAsyncDisposable
{
    private KestrelServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = options.Value.Port!.Value;
        var kestrel = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        kestrel.ListenAnyIP(port);
        _server = new KestrelServer(Options.Create(kestrel), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory), loggerFactory);
        await _server.StartAsync(new DashboardApplication(Pipeline(), contexts), cancellationToken);
        LogListening(logger, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private RequestDelegate Pipeline()
    {
        var app = new ApplicationBuilder(services);
        app.UseMiddleware<DashboardAuthorization>();
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapOrleansDashboard());
        return app.Build();
    }

    // 131xx: the operators' dashboard.
    [LoggerMessage(EventId = 13100, Level = LogLevel.Information, Message = "The Orleans dashboard listens on port {Port} (platform admin key required)")]
    private static partial void LogListening(ILogger logger, int port);
}
