using System.Globalization;
using System.Net;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>
/// A node with <c>Linktor:Telemetry:MetricsPort</c> (a real process: the port is Kestrel's): the scrape answers there
/// without a key, nothing else does, and the main port no longer serves it.
/// </summary>
public sealed class MetricsPortTests : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private NodeProcess? _node;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresDatabase.CreateAsync(migrate: false);

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheScrapeIsServedOnItsOwnPortWithoutAKeyAndOnlyThere()
    {
        var metricsPort = FreePorts.Next();
        _node = await NodeProcess.StartAsync("metrics-port", _database!.ConnectionString, new Dictionary<string, string>
        {
            ["Linktor__Telemetry__MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        });
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        using var platform = _node.CreateHttpClient(LinktorNode.PlatformAdminKey);

        using var scrape = await metrics.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        scrape.StatusCode.ShouldBe(HttpStatusCode.OK, _node.Output);
        (await scrape.Content.ReadAsStringAsync(Ct)).ShouldContain("http_server_request_duration_seconds");

        (await metrics.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the metrics port serves the scrape only");
        (await platform.GetAsync(new Uri("/metrics", UriKind.Relative), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the main port no longer serves it");
        (await platform.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the main port serves the rest");
    }
}
