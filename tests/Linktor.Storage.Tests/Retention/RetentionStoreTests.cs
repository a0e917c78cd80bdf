using Linktor.Contracts.Messages;
using Linktor.Storage.Media;
using Linktor.Storage.Messages;
using Linktor.Storage.Retention;
using Linktor.Testing;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests.Retention;

/// <summary>
/// <see cref="RetentionStore"/>'s batch deletes: exactly what is past the cutoff, of one tenant, a batch at a time, with
/// status history and files; the conversation row and log keep their last seq.
/// </summary>
public sealed class RetentionStoreTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"linktor-retention-tests-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MessagesPastTheCutoffGoInBatchesWithTheirHistoryAndNothingElseDoes()
    {
        await using var messages = Store(fixture);
        var db = fixture.DataSource;
        var (tenant, other) = (await CreateTenantAsync(db), await CreateTenantAsync(db));
        var (conversation, foreign) = (await CreateConversationRowAsync(db, tenant), await CreateConversationRowAsync(db, other));
        var log = Enumerable.Range(1, 5).Select(seq => Inbound(tenant, conversation, seq)).ToList();
        var foreignLog = Enumerable.Range(1, 2).Select(seq => Inbound(other, foreign, seq)).ToList();
        foreach (var message in log.Concat(foreignLog))
        {
            (await messages.AppendAsync(message, [])).ShouldBeTrue();
        }

        var cutoff = DateTimeOffset.UtcNow.AddDays(-5);
        await BackdateAsync(tenant, conversation, "seq <= 3", cutoff.AddDays(-5));
        await BackdateAsync(tenant, conversation, "seq = 4", cutoff.AddSeconds(1));
        await BackdateAsync(other, foreign, "true", cutoff.AddDays(-5));
        await Sql.ExecuteAsync(db, "INSERT INTO message_status_history (message_id, tenant_id, status, at) VALUES ($1, $2, 'delivered', now()), ($3, $4, 'delivered', now())",
            log[0].Id, tenant, foreignLog[0].Id, other);
        var store = new RetentionStore(db);

        (await store.DeleteMessagesAsync(tenant, cutoff, 2, Ct)).Count.ShouldBe(2);
        var last = await store.DeleteMessagesAsync(tenant, cutoff, 2, Ct);
        last.Count.ShouldBe(1);
        last.Conversations.ShouldBe([conversation]);
        (await store.DeleteMessagesAsync(tenant, cutoff, 2, Ct)).ShouldBe(DeletedMessages.None);

        (await SeqsAsync(tenant, conversation)).ShouldBe([4, 5], "seq 4 is a second inside the period");
        (await SeqsAsync(other, foreign)).ShouldBe([1, 2], "another tenant's are not touched");
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM message_status_history WHERE message_id = $1", log[0].Id)).ShouldBe(0);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM message_status_history WHERE message_id = $1", foreignLog[0].Id)).ShouldBe(1);
        (await ConversationRowAsync(db, tenant, conversation)).ShouldBe((5, log[4].Id, 2), "the row keeps its last message and counts the two kept unread");
    }

    [Fact]
    public async Task EachBatchTakesOneConversationAndRepeatingReachesThemAll()
    {
        await using var messages = Store(fixture);
        var db = fixture.DataSource;
        var tenant = await CreateTenantAsync(db);
        var conversations = new[] { await CreateConversationRowAsync(db, tenant), await CreateConversationRowAsync(db, tenant) };
        foreach (var conversation in conversations)
        {
            (await messages.AppendAsync(Inbound(tenant, conversation, 1), [])).ShouldBeTrue();
            (await messages.AppendAsync(Inbound(tenant, conversation, 2), [])).ShouldBeTrue();
            await BackdateAsync(tenant, conversation, "true", DateTimeOffset.UtcNow.AddDays(-2));
        }

        var store = new RetentionStore(db);
        var cutoff = DateTimeOffset.UtcNow.AddDays(-1);
        var touched = new List<Guid>();

        var total = await Batches.RunUntilNoneAsync(async () =>
        {
            var batch = await store.DeleteMessagesAsync(tenant, cutoff, 1000, Ct);
            batch.Conversations.Count.ShouldBeLessThanOrEqualTo(1, "one conversation's list row per statement");
            touched.AddRange(batch.Conversations);
            return batch.Count;
        });

        total.ShouldBe(4);
        touched.ShouldBe(conversations, ignoreOrder: true);
    }

    [Fact]
    public async Task WhenEveryMessageGoesTheRowAndTheLogKeepTheLastSeqAndShowNoLastMessage()
    {
        await using var messages = Store(fixture);
        var db = fixture.DataSource;
        var tenant = await CreateTenantAsync(db);
        var conversation = await CreateConversationRowAsync(db, tenant);
        foreach (var seq in new[] { 1, 2, 3 })
        {
            (await messages.AppendAsync(Outbound(tenant, conversation, seq), [])).ShouldBeTrue();
        }

        await BackdateAsync(tenant, conversation, "true", DateTimeOffset.UtcNow.AddDays(-2));

        (await new RetentionStore(db).DeleteMessagesAsync(tenant, DateTimeOffset.UtcNow.AddDays(-1), 1000, Ct)).Count.ShouldBe(3);

        (await ConversationRowAsync(db, tenant, conversation)).ShouldBe((3, null, 0));
        var reloaded = await new MessageReader(db).LoadLogAsync(tenant, conversation, 0, Ct);
        reloaded.LastSeq.ShouldBe(3, "a seq once taken is never taken again");
        reloaded.LastMessage.ShouldBeNull();
    }

    [Fact]
    public async Task TheFilesOfDeletedMessagesGoAndTheFilesOfKeptOnesStay()
    {
        await using var messages = Store(fixture);
        var db = fixture.DataSource;
        var (media, uploads, tenant, conversation) = await MediaConversationAsync();
        var (old, kept) = (await UploadAsync(media, uploads, tenant), await UploadAsync(media, uploads, tenant));
        var oldImage = Image(Outbound(tenant, conversation, 1), $"https://linktor.example.com/media/{old}");
        var oldInbound = Image(Inbound(tenant, conversation, 2), null);
        var keptImage = Image(Outbound(tenant, conversation, 3), $"https://linktor.example.com/media/{kept}");
        foreach (var message in new[] { oldImage, oldInbound, keptImage })
        {
            (await messages.AppendAsync(message, [])).ShouldBeTrue();
        }

        await media.SaveInboundCopyAsync(tenant, oldInbound.Id, new MemoryStream([1, 2, 3]), "image/png", null, Ct);
        await BackdateAsync(tenant, conversation, "seq <= 2", DateTimeOffset.UtcNow.AddDays(-2));

        (await new RetentionStore(db).DeleteMessagesAsync(tenant, DateTimeOffset.UtcNow.AddDays(-1), 1000, Ct)).Count.ShouldBe(2);
        (await new MediaDeletions(db, media).DrainAllAsync(tenant, 1, Ct)).ShouldBe(2);

        (await media.FindAsync(old, Ct)).ShouldBeNull();
        (await media.OpenInboundCopyAsync(tenant, oldInbound.Id, Ct)).ShouldBeNull();
        (await media.FindAsync(kept, Ct)).ShouldNotBeNull();
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM media_uploads WHERE tenant_id = $1", tenant)).ShouldBe(1);
        (await uploads.UsageAsync(tenant, Ct)).ShouldBe(3, "the deleted upload's bytes are given back");
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM media_deletions WHERE tenant_id = $1", tenant)).ShouldBe(0);
    }

    [Fact]
    public async Task TheMediaPeriodDeletesTheFilesOfOldMessagesOnceAndKeepsTheMessages()
    {
        await using var messages = Store(fixture);
        var db = fixture.DataSource;
        var (media, uploads, tenant, conversation) = await MediaConversationAsync();
        var (old, recent) = (await UploadAsync(media, uploads, tenant), await UploadAsync(media, uploads, tenant));
        (await messages.AppendAsync(Image(Outbound(tenant, conversation, 1), $"https://linktor.example.com/media/{old}"), [])).ShouldBeTrue();
        (await messages.AppendAsync(Image(Outbound(tenant, conversation, 2), $"https://linktor.example.com/media/{recent}"), [])).ShouldBeTrue();
        await BackdateAsync(tenant, conversation, "seq = 1", DateTimeOffset.UtcNow.AddDays(-2));
        var store = new RetentionStore(db);
        var cutoff = DateTimeOffset.UtcNow.AddDays(-1);

        (await store.DeleteMediaAsync(tenant, cutoff, DateTimeOffset.UtcNow, 1000, Ct)).ShouldBe(1);
        await new MediaDeletions(db, media).DrainAllAsync(tenant, 1000, Ct);
        (await store.DeleteMediaAsync(tenant, cutoff, DateTimeOffset.UtcNow, 1000, Ct)).ShouldBe(0, "an attachment is deleted once");

        (await SeqsAsync(tenant, conversation)).ShouldBe([1, 2]);
        (await media.FindAsync(old, Ct)).ShouldBeNull();
        (await media.FindAsync(recent, Ct)).ShouldNotBeNull();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A media store in the test's folder, the uploads ledger, and a tenant's conversation row.</summary>
    private async Task<(FileSystemMediaStore Media, MediaUploads Uploads, Guid Tenant, Guid Conversation)> MediaConversationAsync()
    {
        var tenant = await CreateTenantAsync(fixture.DataSource);
        return (new FileSystemMediaStore(Options.Create(new MediaOptions { Path = _folder }), TimeProvider.System), new MediaUploads(fixture.DataSource),
            tenant, await CreateConversationRowAsync(fixture.DataSource, tenant));
    }

    private static MessageRecord Image(MessageRecord message, string? url) => message with
    {
        Content = new MessageContent
        {
            Type = ContentTypes.Image,
            Media = new MediaInfo { Url = url, MimeType = "image/png", ProviderMediaId = url is null ? "provider-media-1" : null },
        },
    };

    private static async Task<string> UploadAsync(FileSystemMediaStore media, MediaUploads uploads, Guid tenant)
    {
        var id = MediaIds.New();
        (await uploads.ReserveAsync(id, tenant, 3, 1_000_000, null, DateTimeOffset.UtcNow, Ct)).ShouldBeTrue();
        await media.SaveAsync(id, tenant, new MemoryStream([7, 8, 9]), "image/png", "a.png", Ct);
        return id;
    }

    private Task BackdateAsync(Guid tenant, Guid conversation, string which, DateTimeOffset to) =>
        Sql.ExecuteAsync(fixture.DataSource, $"UPDATE messages SET created_at = $3 WHERE tenant_id = $1 AND conversation_id = $2 AND {which}", tenant, conversation, to);

    private async Task<long[]> SeqsAsync(Guid tenant, Guid conversation) =>
        [.. (await Sql.RowsAsync(fixture.DataSource, "SELECT seq FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq", tenant, conversation))
            .Select(r => (long)r[0]!)];
}
