using System.Net;
using System.Net.Http.Json;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// A session ended through one API node closes its inbox connections on the other: the tenant grain announces the
/// ending to every node, not one per backplane.
/// </summary>
public sealed class SessionsEndAcrossNodesTests(ClusterFixture cluster)
{
    /// <summary>Well within the nodes' 30 s periodic re-check: a pass shows the announcement, not the fallback.</summary>
    private static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task LogoutAndDisableThroughOneNodeCloseTheAgentsConnectionsOnTheOther()
    {
        var tenant = await ClusterTenant.CreateAsync(cluster, conversations: 0);
        var (node1, node2) = (cluster.ApiNodes[0], cluster.ApiNodes[1]);
        using var admin = cluster.CreateHttpClient(node1, tenant.ApiKey);
        var email = $"agent-{Guid.NewGuid():N}@example.com";
        var user = await ClusterTenant.ReadAsync<IdRef>(await admin.PostAsJsonAsync("/api/v1/users",
            new { email, name = "Agent", role = "agent", password = ClusterTenant.Password }, TestContext.Current.CancellationToken));
        using var anonymous2 = cluster.CreateHttpClient(node2);
        var first = await LoginAsync(anonymous2, email);
        var second = await LoginAsync(anonymous2, email);
        await using var firstHub = await HubClient.ConnectAsync(node2, "/hubs/inbox", first.AccessToken);
        await using var secondHub = await HubClient.ConnectAsync(node2, "/hubs/inbox", second.AccessToken);

        using (var asFirst = cluster.CreateHttpClient(node1, first.AccessToken))
        {
            (await asFirst.PostAsync("/api/v1/auth/logout", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        await WaitClosedAsync(firstHub, $"the session logged out through {node1.Name} closes its connection on {node2.Name}");
        secondHub.Connection.State.ShouldBe(HubConnectionState.Connected, "another session of the user stays");

        (await admin.PatchAsJsonAsync($"/api/v1/users/{user.Id}", new { status = "disabled" }, TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        await WaitClosedAsync(secondHub, $"the user disabled through {node1.Name} loses their connection on {node2.Name}");
    }

    private static async Task<TokensRef> LoginAsync(HttpClient anonymous, string email) =>
        await ClusterTenant.ReadAsync<TokensRef>(await anonymous.PostAsJsonAsync("/api/v1/auth/login",
            new { email, password = ClusterTenant.Password }, TestContext.Current.CancellationToken));

    private static Task WaitClosedAsync(HubClient hub, string because) =>
        Eventually.TrueAsync(() => Task.FromResult(hub.Connection.State == HubConnectionState.Disconnected),
            CloseDeadline, because, TestContext.Current.CancellationToken);
}
