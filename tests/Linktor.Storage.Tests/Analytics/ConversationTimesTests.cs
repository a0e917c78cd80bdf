using Linktor.Storage.Analytics;
using Linktor.Storage.Conversations;
using Linktor.Storage.Tests.Conversations;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Analytics;

/// <summary>The report milestones <see cref="ConversationStore"/> writes with the conversation row.</summary>
public sealed class ConversationTimesTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Created = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private ConversationStore Store => ConversationRows.Store(fixture);

    [Fact]
    public async Task EachResolutionIsRecordedOnceAndFirstMilestonesAreKeptOnceSet()
    {
        var tenantId = await ConversationRows.TenantAsync(fixture, "Times");
        var c = ConversationRows.Conversation(tenantId, Created);
        var open = new ConversationTimes { OpenedAt = Created };
        var answered = open with { FirstInboundAt = Created.AddMinutes(1), FirstResponseAt = Created.AddMinutes(3) };
        var resolved = answered with { ResolvedAt = Created.AddHours(1) };
        var reopened = answered with { OpenedAt = Created.AddHours(2) };
        var resolvedAgain = reopened with { ResolvedAt = Created.AddHours(5) };

        await Store.UpsertAsync(c, "visitor", open, 0, 0, [], TestContext.Current.CancellationToken);
        await Store.UpsertAsync(c, "visitor", answered, 0, 0, [], TestContext.Current.CancellationToken);
        await Store.UpsertAsync(c, "visitor", resolved, 0, 0, [], TestContext.Current.CancellationToken);
        await Store.UpsertAsync(c, "visitor", resolved, 0, 0, [], TestContext.Current.CancellationToken); // a repair writes it again
        await Store.UpsertAsync(c, "visitor", reopened, 0, 0, [], TestContext.Current.CancellationToken);
        await Store.UpsertAsync(c, "visitor", resolvedAgain, 0, 0, [], TestContext.Current.CancellationToken);
        // State from before the milestones were kept: the row's stay.
        await Store.UpsertAsync(c, "visitor", open with { FirstInboundAt = Created.AddHours(4) }, 0, 0, [], TestContext.Current.CancellationToken);

        var row = (await Sql.RowsAsync(fixture.DataSource,
            "SELECT first_inbound_at, first_response_at FROM conversations WHERE tenant_id = $1 AND id = $2", tenantId, c.Id)).Single();
        ((DateTime)row[0]!).ShouldBe(Created.AddMinutes(1).UtcDateTime);
        ((DateTime)row[1]!).ShouldBe(Created.AddMinutes(3).UtcDateTime);
        var resolutions = await Sql.RowsAsync(fixture.DataSource,
            "SELECT opened_at, resolved_at FROM conversation_resolutions WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY resolved_at", tenantId, c.Id);
        resolutions.Select(r => ((DateTime)r[0]!, (DateTime)r[1]!)).ShouldBe(
        [
            (Created.UtcDateTime, Created.AddHours(1).UtcDateTime),
            (Created.AddHours(2).UtcDateTime, Created.AddHours(5).UtcDateTime),
        ]);
    }
}
