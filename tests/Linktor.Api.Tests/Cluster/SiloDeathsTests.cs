using System.Net;
using Linktor.Api.Cluster;
using Linktor.Contracts.Cluster;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Cluster;

/// <summary>
/// What an API node takes for a death declaration: a silo dead in a silo's membership view that no view showed dead
/// before; never a closed gateway connection, which only makes the watch poll more often.
/// </summary>
public sealed class SiloDeathsTests
{
    private static readonly SiloAddress Old = Silo(1);
    private static readonly SiloAddress Crashed = Silo(2);

    [Fact]
    public void DeathsInTheFirstViewCameBeforeThisNodeAndAreNotDeclared()
    {
        var deaths = new SiloDeaths(TimeProvider.System);
        var next = deaths.Next;
        deaths.Learn(new ClusterView(1, [Old])).ShouldBeEmpty();
        next.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task ASiloNewlyDeadInAViewIsDeclaredOnceAndTellsTheWaitingCalls()
    {
        var deaths = new SiloDeaths(TimeProvider.System);
        deaths.Learn(new ClusterView(1, [Old]));
        var next = deaths.Next;

        deaths.Learn(new ClusterView(2, [Old, Crashed])).ShouldBe([Crashed]);
        (await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBe(Crashed);

        // Another silo's view, or a later one, showing the same death declares nothing more.
        var after = deaths.Next;
        deaths.Learn(new ClusterView(2, [Crashed, Old])).ShouldBeEmpty();
        after.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void AClosedGatewayConnectionDeclaresNothing()
    {
        var deaths = new SiloDeaths(TimeProvider.System);
        deaths.Learn(new ClusterView(1, []));
        var next = deaths.Next;
        var gatewayLost = deaths.GatewayLost;

        deaths.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);
        deaths.NotifyClusterConnectionLost();

        gatewayLost.IsCompleted.ShouldBeTrue("the watch is woken to poll at once");
        deaths.SinceGatewayLoss.ShouldNotBeNull();
        next.IsCompleted.ShouldBeFalse("no call stops waiting because a connection closed");
    }

    private static SiloAddress Silo(int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), generation);
}
