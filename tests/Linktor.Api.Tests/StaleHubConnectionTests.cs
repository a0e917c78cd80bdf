using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>A hub call checks its session as a REST request does: an ended session's connection, still open, can do nothing.</summary>
public sealed class StaleHubConnectionTests(NoSessionRecheckNode node) : IClassFixture<NoSessionRecheckNode>
{
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
            revoke.Parameters.Add(new NpgsqlParameter { Value = SessionRevocationTests.SessionOf(agent.Tokens.AccessToken) });
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
        }, SessionRevocationTests.CloseDeadline, "Resync on the ended session's connection fails", TestContext.Current.CancellationToken);
        refused.Message.ShouldContain("session has ended");
        await SessionRevocationTests.WaitClosedAsync(hub, "the refused call closes the connection");
    }
}
