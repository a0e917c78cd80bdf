using Linktor.Api.Realtime;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>The fallback behind the announcement of ended sessions: each node re-checks its connections' sessions.</summary>
public sealed class SessionRecheckTests(LinktorNode node)
{
    /// <summary>A session ended behind the nodes' back (no announcement): the periodic re-check closes its connections.</summary>
    [Fact]
    public async Task AConnectionWhoseSessionEndedUnannouncedIsClosedByThePeriodicCheck()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        await using var hub = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);

        await using (var revoke = node.Database.DataSource.CreateCommand("UPDATE agent_sessions SET revoked_at = now() WHERE id = $1"))
        {
            revoke.Parameters.Add(new NpgsqlParameter { Value = SessionRevocationTests.SessionOf(agent.Tokens.AccessToken) });
            (await revoke.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        }

        await Eventually.TrueAsync(() => Task.FromResult(hub.Connection.State == HubConnectionState.Disconnected),
            new RealtimeOptions().SessionRecheckInterval + SessionRevocationTests.CloseDeadline,
            "the re-check closes the connection", TestContext.Current.CancellationToken);
    }
}
