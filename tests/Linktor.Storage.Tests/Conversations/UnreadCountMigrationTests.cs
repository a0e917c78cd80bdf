using Linktor.Storage.Migrations;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Conversations;

/// <summary>
/// Migration 0012 turns each conversation's unread count, which two writers set, into inbound messages less read ones
/// (one writer each): a conversation that existed before keeps the unread count it showed.
/// </summary>
public sealed class UnreadCountMigrationTests
{
    private const string UnreadFromTwoCounts = "0012";

    [Fact]
    public async Task AConversationFromBeforeKeepsItsUnreadCountAndCountsItsInboundMessages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PostgresDatabase.CreateAsync(migrate: false, ct: ct);
        var logger = TestOutputLogger.For<UnreadCountMigrationTests>();
        // The schema as the release before had it: every migration up to this one, recorded as applied.
        await Sql.ExecuteAsync(database.DataSource,
            "CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum text NOT NULL)");
        foreach (var script in MigrationRunner.Scripts.Where(s => string.CompareOrdinal(s.Version, UnreadFromTwoCounts) < 0))
        {
            await Sql.ExecuteAsync(database.DataSource, script.Sql);
            await Sql.ExecuteAsync(database.DataSource, "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", script.Version, script.Checksum);
        }

        var tenantId = Guid.CreateVersion7();
        var conversationId = Guid.CreateVersion7();
        var quiet = Guid.CreateVersion7();
        await Sql.ExecuteAsync(database.DataSource, "INSERT INTO tenants (id, name, slug) VALUES ($1, 'Before', $2)", tenantId, $"t-{tenantId:N}");
        foreach (var (id, unread) in new[] { (conversationId, 2), (quiet, 0) })
        {
            await Sql.ExecuteAsync(database.DataSource, """
                INSERT INTO conversations (id, tenant_id, contact_id, channel_id, channel_type, contact_address, status,
                                           unread_count, last_activity_at, created_at, updated_at)
                VALUES ($1, $2, $3, $4, 'webchat', 'visitor', 'open', $5, now(), now(), now())
                """, id, tenantId, Guid.CreateVersion7(), Guid.CreateVersion7(), unread);
        }

        // Three inbound messages and a reply; the agents had read the first one (unread 2).
        foreach (var (seq, direction) in new[] { (1, "inbound"), (2, "outbound"), (3, "inbound"), (4, "inbound") })
        {
            await Sql.ExecuteAsync(database.DataSource, """
                INSERT INTO messages (id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, content_type, content, status, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'contact', 'text', '{}', 'delivered', now())
                """, Guid.CreateVersion7(), tenantId, conversationId, Guid.CreateVersion7(), (long)seq, direction);
        }

        (await MigrationRunner.ApplyAsync(database.DataSource, logger, ct)).ShouldContain(v => v.StartsWith(UnreadFromTwoCounts, StringComparison.Ordinal));

        var rows = await Sql.RowsAsync(database.DataSource,
            "SELECT id, inbound_count, read_inbound_count, unread_count FROM conversations WHERE tenant_id = $1", tenantId);
        var byId = rows.ToDictionary(r => (Guid)r[0]!, r => ((int)r[1]!, (int)r[2]!, (int)r[3]!));
        byId[conversationId].ShouldBe((3, 1, 2));
        byId[quiet].ShouldBe((0, 0, 0));
        await Should.ThrowAsync<Npgsql.PostgresException>(() => Sql.ExecuteAsync(database.DataSource,
            "UPDATE conversations SET unread_count = 5 WHERE id = $1", conversationId));
    }
}
