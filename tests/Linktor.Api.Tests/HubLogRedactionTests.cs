using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Browsers put the token of a hub connection in <c>?access_token=</c>. With ASP.NET Core logging at Trace (the request
/// lines of the host, Kestrel, routing, SignalR, authentication, the HTTP log), no log entry carries that query string.
/// </summary>
public sealed class HubLogRedactionTests(LogCaptureNode node) : IClassFixture<LogCaptureNode>
{
    [Fact]
    public async Task AHubConnectionsTokenInTheQueryStringNeverReachesTheLogs()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();

        // As the widget connects: the token in the URL, over WebSockets (negotiate first, as the browser client does).
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, $"/hubs/webchat?access_token={Uri.EscapeDataString(session.VisitorToken)}"), HttpTransportType.WebSockets)
            .Build();
        await using (connection)
        {
            await connection.StartAsync(TestContext.Current.CancellationToken);
            await connection.InvokeAsync<System.Text.Json.JsonElement>("SendMessage", new { type = "text", text = "hello" }, TestContext.Current.CancellationToken);
        }

        // The request log of the hub's requests is there (so the check below looks at what would leak), without its query.
        await Eventually.TrueAsync(() => Task.FromResult(node.Logs.Lines.Any(e => e.Contains("HttpLogging", StringComparison.Ordinal)
                && e.Contains("/hubs/webchat", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the node logs the hub's requests", TestContext.Current.CancellationToken);
        var token = session.VisitorToken;
        var prefix = token[..40];
        node.Logs.Lines.ShouldNotContain(e => e.Contains(token, StringComparison.Ordinal)
            || e.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal)
            || e.Contains(prefix, StringComparison.Ordinal));
        node.Logs.Lines.ShouldNotContain(e => e.Contains("access_token=", StringComparison.OrdinalIgnoreCase));
    }
}
