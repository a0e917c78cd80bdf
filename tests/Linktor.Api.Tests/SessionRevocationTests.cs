using System.Text;
using System.Text.Json;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Hubs authenticate at connect only: when a session ends (logout, disable, delete, password change) its open
/// <c>/hubs/inbox</c> connections are closed within seconds, and its refresh tokens stop working for good.
/// </summary>
public sealed class SessionRevocationTests(NoSessionRecheckNode node) : IClassFixture<NoSessionRecheckNode>
{
    /// <summary>How long a connection may take to close. The node's periodic re-check is off: a pass shows the ending closing it.</summary>
    internal static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task LogoutClosesThatSessionsInboxConnectionAndRefusesItsRefreshToken()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var otherSession = await node.LoginAsync(agent.User.Email, TestTenant.Password);
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);
        await using var otherHub = await tenant.ConnectInboxAsync(otherSession.AccessToken);

        (await agent.Api.PostAsync("/api/v1/auth/logout")).ShouldBe(204);

        await WaitClosedAsync(hub, "the logged-out session's inbox connection closes");
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBeProblem(401, "unauthorized");
        // The user's other session is another session: it stays.
        otherHub.Connection.State.ShouldBe(HubConnectionState.Connected);
        await ResyncAsync(tenant, otherHub);
        (await RefreshAsync(otherSession.RefreshToken)).ShouldBe(200);
    }

    [Fact]
    public async Task DisablingAUserClosesTheirConnectionsAndReEnablingRevivesNoOldSession()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);

        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{agent.User.Id}", new { status = "disabled" })).ShouldBe(200);

        await WaitClosedAsync(hub, "the disabled agent's inbox connection closes");
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBeProblem(401, "unauthorized");

        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{agent.User.Id}", new { status = "active" })).ShouldBe(200);
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBeProblem(401, "unauthorized");
        (await agent.Api.GetAsync("/api/v1/me")).ShouldBeProblem(401, "unauthorized");
        await Should.ThrowAsync<Exception>(() => tenant.ConnectInboxAsync(agent.Tokens.AccessToken));
        // Re-enabled, they sign in afresh.
        var fresh = await node.LoginAsync(agent.User.Email, TestTenant.Password);
        await using var freshHub = await tenant.ConnectInboxAsync(fresh.AccessToken);
        await ResyncAsync(tenant, freshHub);
    }

    [Fact]
    public async Task DeletingAUserClosesTheirConnectionsAndRefusesTheirRefreshTokens()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);

        (await tenant.AdminApi.DeleteAsync($"/api/v1/users/{agent.User.Id}")).ShouldBe(204);

        await WaitClosedAsync(hub, "the deleted agent's inbox connection closes");
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task ChangingOnesOwnPasswordNeedsTheCurrentOneAndEndsTheOtherSessionsOnly()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var stolen = await node.LoginAsync(agent.User.Email, TestTenant.Password);
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);
        await using var stolenHub = await tenant.ConnectInboxAsync(stolen.AccessToken);
        var path = $"/api/v1/users/{agent.User.Id}";
        var before = await tenant.SnapshotAsync();

        // A stolen access token alone does not change the password.
        (await Api(stolen.AccessToken).PatchAsync(path, new { password = "taken over!" })).ShouldBeValidationProblem("current_password");
        (await Api(stolen.AccessToken).PatchAsync(path, new { password = "taken over!", current_password = "a guess at it" }))
            .ShouldBeValidationProblem("current_password");
        (await tenant.SnapshotAsync()).ShouldBe(before);
        stolenHub.Connection.State.ShouldBe(HubConnectionState.Connected);

        (await agent.Api.PatchAsync(path, new { password = "a new password", current_password = TestTenant.Password })).ShouldBe(200);

        await WaitClosedAsync(stolenHub, "the user's other session's connection closes on a password change");
        (await RefreshAsync(stolen.RefreshToken)).ShouldBeProblem(401, "unauthorized");
        (await Api(stolen.AccessToken).GetAsync("/api/v1/me")).ShouldBeProblem(401, "unauthorized");
        // The session that changed it goes on.
        hub.Connection.State.ShouldBe(HubConnectionState.Connected);
        await ResyncAsync(tenant, hub);
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBe(200);
        (await node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email = agent.User.Email, password = TestTenant.Password }))
            .ShouldBeProblem(401, "unauthorized");
        await node.LoginAsync(agent.User.Email, "a new password");
    }

    [Fact]
    public async Task AnAdminResettingAnotherUsersPasswordNeedsNoCurrentOneAndEndsAllTheirSessions()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);

        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{agent.User.Id}", new { password = "reset by the admin" })).ShouldBe(200);

        await WaitClosedAsync(hub, "the agent's connection closes when an admin resets their password");
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBeProblem(401, "unauthorized");
        await node.LoginAsync(agent.User.Email, "reset by the admin");
    }

    [Fact]
    public async Task ReplayingASpentRefreshTokenEndsTheSessionAndClosesItsConnection()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);
        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBe(200);

        (await RefreshAsync(agent.Tokens.RefreshToken)).ShouldBeProblem(401, "unauthorized");

        await WaitClosedAsync(hub, "a replay (token theft) ends the session, and its connection closes");
    }

    /// <summary>A session revoked behind the nodes' back (no announcement): the next hub call on its connection fails and closes it.</summary>
    [Fact]
    public async Task AHubCallOnAConnectionWhoseSessionEndedUnannouncedFailsAndClosesIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var (conversation, _) = await tenant.StartConversationAsync();
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);
        await hub.InvokeAsync("JoinConversation", conversation.Id);

        await using (var revoke = node.Database.DataSource.CreateCommand("UPDATE agent_sessions SET revoked_at = now() WHERE id = $1"))
        {
            revoke.Parameters.Add(new Npgsql.NpgsqlParameter { Value = SessionOf(agent.Tokens.AccessToken) });
            (await revoke.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        }

        // The node caches a session's state for a few seconds; once it is read again, calls are refused.
        var refused = await Eventually.GetAsync(async () =>
        {
            try
            {
                await hub.InvokeAsync<List<Message>>("Resync", conversation.Id, 0L);
                return null;
            }
            catch (HubException ex)
            {
                return ex;
            }
        }, CloseDeadline, "Resync on the ended session's connection fails", TestContext.Current.CancellationToken);
        refused.Message.ShouldContain("session has ended");
        await WaitClosedAsync(hub, "the refused call closes the connection");
    }

    internal static async Task WaitClosedAsync(HubClient hub, string because) =>
        await Eventually.TrueAsync(() => Task.FromResult(hub.Connection.State == HubConnectionState.Disconnected),
            CloseDeadline, because, TestContext.Current.CancellationToken);

    private static async Task ResyncAsync(TestTenant tenant, HubClient hub)
    {
        var (conversation, _) = await tenant.StartConversationAsync();
        (await hub.InvokeAsync<List<Message>>("Resync", conversation.Id, 0L)).ShouldNotBeNull();
    }

    private Task<ApiResponse> RefreshAsync(string refreshToken) =>
        node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });

    private ApiClient Api(string accessToken) => new(node.CreateHttpClient(accessToken));

    /// <summary>The <c>sid</c> claim of an access token (its payload read, not verified: the test made it).</summary>
    internal static Guid SessionOf(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return Guid.Parse(json.RootElement.GetProperty("sid").GetString()!);
    }
}
