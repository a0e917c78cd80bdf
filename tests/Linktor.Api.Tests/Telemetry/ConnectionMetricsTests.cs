using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary><c>linktor_signalr_connections</c>: a hub connection counts while it is open, and no longer once it closes.</summary>
[Collection(nameof(ProcessWideMetrics))]
public sealed class ConnectionMetricsTests(LinktorNode node)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnInboxConnectionCountsWhileItIsOpen()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var before = await InboxConnectionsAsync();

        var inbox = await tenant.ConnectInboxAsync();
        await Eventually.TrueAsync(async () => await InboxConnectionsAsync() == before + 1, Deadline, "the open connection counts", Ct);
        await inbox.DisposeAsync();

        await Eventually.TrueAsync(async () => await InboxConnectionsAsync() == before, Deadline, "the closed connection no longer counts", Ct);
    }

    private async Task<double> InboxConnectionsAsync() => (await Scrape.TakeAsync(node, Ct)).Sum("linktor_signalr_connections", ("hub", "inbox"));
}
