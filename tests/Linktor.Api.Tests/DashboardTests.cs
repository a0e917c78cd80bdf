using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Silo.Hosting.Dashboard;
using Linktor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// The Orleans dashboard for operators: off unless configured; on, on its own port, where every request needs the
/// platform admin key (bearer, or HTTP Basic's password for a browser), and the dashboard answers with the cluster's numbers.
/// </summary>
public sealed class DashboardTests(DashboardNode dashboard, LinktorNode plain) : IClassFixture<DashboardNode>
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ANodeWithoutTheSettingHasNoDashboardAtAll()
    {
        plain.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ShouldNotContain(n => n.StartsWith("Dashboard", StringComparison.Ordinal),
            "neither the dashboard's server nor Orleans' dashboard services (nor its grain call profiling)");

        ShouldNotBeTheDashboard(await new ApiClient(plain.CreateHttpClient(LinktorNode.PlatformAdminKey)).GetAsync("/DashboardCounters"));
    }

    [Fact]
    public async Task AConfiguredPortIsNotListenedOnWhileTheDashboardIsOff()
    {
        var port = FreePorts.Next();
        await using var node = new DashboardOffNode(port);
        await node.InitializeAsync();

        using var client = new TcpClient();
        await Should.ThrowAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task WithoutTheKeyEveryDashboardRequestIs401AndAsksForBasic()
    {
        using var http = dashboard.CreateDashboardClient();

        foreach (var path in new[] { "/", "/index.min.js", "/DashboardCounters", "/ClusterStats" })
        {
            (await new ApiClient(http).GetAsync(path)).ShouldBeProblem(401, "unauthorized");
        }

        using var page = await http.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        page.Headers.WwwAuthenticate.Select(h => h.Scheme).ShouldBe(["Bearer", "Basic"], ignoreOrder: true);
    }

    [Fact]
    public async Task AWrongKeyIs401AsBearerAndAsBasic()
    {
        using var bearer = dashboard.CreateDashboardClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        using var basic = dashboard.CreateDashboardClient();
        basic.DefaultRequestHeaders.Authorization = Basic("operator", "not-the-key");

        (await new ApiClient(bearer).GetAsync("/DashboardCounters")).ShouldBeProblem(401, "unauthorized");
        (await new ApiClient(basic).GetAsync("/DashboardCounters")).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task WithTheKeyAsBearerTheDashboardServesItsPageAndTheClusterCounters()
    {
        using var http = dashboard.CreateDashboardClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LinktorNode.PlatformAdminKey);
        var api = new ApiClient(http);

        var page = (await api.GetAsync("/")).ShouldBe(200);
        page.MediaType.ShouldBe("text/html");
        var counters = await Eventually.GetAsync(async () =>
        {
            var response = await api.GetAsync("/DashboardCounters");
            return response.Status == 200 && response.Json.GetProperty("totalActiveHostCount").GetInt32() >= 1 ? response : null;
        }, StatsTimeout, "the dashboard counts this node's silo as an active host", TestContext.Current.CancellationToken);

        counters.Json.GetProperty("hosts").GetArrayLength().ShouldBeGreaterThanOrEqualTo(1);
        (await api.GetAsync("/ClusterStats")).ShouldBe(200).Json.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Object);
    }

    [Fact]
    public async Task WithTheKeyAsTheBasicPasswordABrowserGetsTheDashboard()
    {
        using var http = dashboard.CreateDashboardClient();
        http.DefaultRequestHeaders.Authorization = Basic("anyone", LinktorNode.PlatformAdminKey);

        (await new ApiClient(http).GetAsync("/")).ShouldBe(200).MediaType.ShouldBe("text/html");
        (await new ApiClient(http).GetAsync("/DashboardCounters")).ShouldBe(200);
    }

    [Fact]
    public async Task TheDashboardIsOnlyOnItsPortAndItsPortServesNothingElse()
    {
        using var onDashboardPort = dashboard.CreateDashboardClient();
        onDashboardPort.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LinktorNode.PlatformAdminKey);

        ShouldNotBeTheDashboard(await new ApiClient(dashboard.CreateHttpClient(LinktorNode.PlatformAdminKey)).GetAsync("/DashboardCounters"));
        (await new ApiClient(dashboard.CreateHttpClient()).GetAsync("/health/live")).ShouldBe(200);
        (await new ApiClient(onDashboardPort).GetAsync("/health/live")).ShouldBe(404);
        (await new ApiClient(onDashboardPort).GetAsync("/api/v1/tenants")).ShouldBe(404);
    }

    [Fact]
    public async Task ADashboardWithoutAPlatformKeyStopsTheStart()
    {
        await using var node = new KeylessDashboardNode(FreePorts.Next());

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => node.InitializeAsync().AsTask());

        refused.Message.ShouldContain("Linktor:Platform:AdminKey");
    }

    [Fact]
    public void ADashboardWithoutAPortIsRefused()
    {
        var validator = new OperatorDashboardOptionsValidator(Options.Create(new Linktor.Contracts.Hosting.PlatformOptions { AdminKey = "key" }));

        var result = validator.Validate(null, new OperatorDashboardOptions { Enabled = true });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Linktor:Dashboard:Port");
        validator.Validate(null, new OperatorDashboardOptions { Enabled = true, Port = 8090 }).Succeeded.ShouldBeTrue();
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A port configured, the dashboard not enabled.</summary>
    private sealed class DashboardOffNode(int port) : LinktorNode(
        new Dictionary<string, string> { ["Linktor:Dashboard:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, realtime: false);

    /// <summary>The dashboard on, the platform admin key empty; expected not to start.</summary>
    private sealed class KeylessDashboardNode(int port) : LinktorNode(
        new Dictionary<string, string>
        {
            ["Linktor:Dashboard:Enabled"] = "true",
            ["Linktor:Dashboard:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Linktor:Platform:AdminKey"] = "",
        },
        realtime: false);

    /// <summary>
    /// A dashboard path on the node's main port is none of the dashboard's: nothing (404), or, where the inbox app is
    /// built into wwwroot (as in <c>./test.sh</c>), the app's page for a client route it does not know, never the
    /// dashboard's counters (JSON).
    /// </summary>
    private static void ShouldNotBeTheDashboard(ApiResponse response)
    {
        if (response.Status == 200)
        {
            response.MediaType.ShouldBe("text/html", "the inbox app's page, not the dashboard's counters");
        }
        else
        {
            response.Status.ShouldBe(404);
        }
    }
}
