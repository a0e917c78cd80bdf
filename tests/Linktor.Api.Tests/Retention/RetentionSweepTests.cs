using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Grains.Retention;
using Linktor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Retention;

/// <summary>
/// The daily retention sweep deletes exactly the messages past a tenant's period (with their attachments), leaves
/// other tenants alone, and the conversation goes on with the next seq.
/// </summary>
public sealed class RetentionSweepTests(LinktorNode node)
{
    [Fact]
    public async Task MessagesPastThePeriodGoWithTheirFilesThoseJustInsideStayAndTheNextSendTakesTheNextSeq()
    {
        var now = DateTimeOffset.UtcNow;
        var kept = await ConversationWithHistoryAsync(await TestTenant.CreateAsync(node), now);
        var swept = await ConversationWithHistoryAsync(await TestTenant.CreateAsync(node), now);
        (await swept.Tenant.AdminApi.PatchAsync("/api/v1/tenant", new { retention = new { messages_days = 30 } })).ShouldBe(200);

        await SweepAsync(now);

        (await SeqsAsync(swept)).ShouldBe([3, 4], "seq 1 and 2 were 31 days old, seq 3 is a day inside the period");
        (await SeqsAsync(kept)).ShouldBe([1, 2, 3, 4], "another tenant keeps everything");
        (await node.Anonymous.GetAsync(swept.UploadUrl, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await node.Anonymous.GetAsync(kept.UploadUrl, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await Sql.ScalarAsync<long>(node.Database.DataSource, "SELECT count(*) FROM message_status_history WHERE tenant_id = $1 AND message_id = ANY ($2)",
            swept.Tenant.Id, swept.OldMessages)).ShouldBe(0);

        var conversation = (await swept.Tenant.AdminApi.GetAsync($"/api/v1/conversations/{swept.ConversationId}")).ShouldBe<Conversation>(200);
        conversation.LastSeq.ShouldBe(4);
        conversation.UnreadCount.ShouldBe(0, "the one inbound message was deleted");
        (await swept.Tenant.SendTextAsync(swept.ConversationId, "after the sweep")).Seq.ShouldBe(5);
    }

    [Fact]
    public async Task AConversationWhoseEveryMessageWentKeepsItsLastSeqShowsNoLastMessageAndContinues()
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        await tenant.SendTextAsync(conversation.Id, "one");
        await tenant.SendTextAsync(conversation.Id, "two");
        await Sql.ExecuteAsync(node.Database.DataSource, "UPDATE messages SET created_at = $2 WHERE tenant_id = $1", tenant.Id, now.AddDays(-3));
        (await tenant.AdminApi.PatchAsync("/api/v1/tenant", new { retention = new { messages_days = 1 } })).ShouldBe(200);

        await SweepAsync(now);

        var swept = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversation.Id}")).ShouldBe<Conversation>(200);
        swept.LastSeq.ShouldBe(2);
        swept.LastMessage.ShouldBeNull();
        var listed = (await tenant.AdminApi.GetAsync("/api/v1/conversations")).ShouldBe<Page<Conversation>>(200).Data.Single(c => c.Id == conversation.Id);
        listed.LastSeq.ShouldBe(2);
        listed.LastMessage.ShouldBeNull();
        (await tenant.SendTextAsync(conversation.Id, "three")).Seq.ShouldBe(3, "seqs are never reused");
    }

    private async Task SweepAsync(DateTimeOffset now)
    {
        var job = node.Services.GetRequiredService<RetentionJob>();
        // The node's own schedule may be sweeping at this moment: then this one waits its turn.
        await Eventually.GetAsync(() => job.SweepAsync(now, TestContext.Current.CancellationToken), TimeSpan.FromSeconds(30), "the sweep runs");
    }

    private async Task<long[]> SeqsAsync(History history) =>
        [.. (await history.Tenant.AdminApi.GetAsync($"/api/v1/conversations/{history.ConversationId}/messages?after_seq=0"))
            .ShouldBe<Page<Message>>(200).Data.Select(m => m.Seq)];

    /// <summary>
    /// Seq 1 the visitor's (inbound), seq 2 an image the admin uploaded, both 31 days old; seq 3 29 days old; seq 4 new.
    /// </summary>
    private async Task<History> ConversationWithHistoryAsync(TestTenant tenant, DateTimeOffset now)
    {
        var (conversation, _, upload) = await HistoryBuilder.VisitorAndImageAsync(tenant, "hello from long ago");
        await tenant.SendTextAsync(conversation.Id, "just inside");
        await tenant.SendTextAsync(conversation.Id, "new");
        var db = node.Database.DataSource;
        await Sql.ExecuteAsync(db, "UPDATE messages SET created_at = $3 WHERE tenant_id = $1 AND conversation_id = $2 AND seq <= 2",
            tenant.Id, conversation.Id, now.AddDays(-31));
        await Sql.ExecuteAsync(db, "UPDATE messages SET created_at = $3 WHERE tenant_id = $1 AND conversation_id = $2 AND seq = 3",
            tenant.Id, conversation.Id, now.AddDays(-29));
        var old = (await Sql.RowsAsync(db, "SELECT id FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND seq <= 2", tenant.Id, conversation.Id))
            .Select(r => (Guid)r[0]!).ToArray();
        return new History(tenant, conversation.Id, upload.Url, old);
    }

    private sealed record History(TestTenant Tenant, Guid ConversationId, string UploadUrl, Guid[] OldMessages);
}
