using Linktor.Contracts.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests;

/// <summary>
/// <see cref="Messages.MessageStore"/> appends through group commit: every accepted message is stored exactly once,
/// and the database's unique keys (seq, provider id, idempotency key) refuse duplicates without writing anything.
/// </summary>
public sealed class MessageStoreTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task TwoThousandConcurrentAppendsAcrossTwoHundredConversationsLandExactlyOnce()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversations = new List<Guid>();
        for (var i = 0; i < 200; i++)
        {
            conversations.Add(await CreateConversationRowAsync(fixture.DataSource, tenantId));
        }

        var messages = conversations.SelectMany(c => Enumerable.Range(1, 10).Select(seq => Inbound(tenantId, c, seq, $"m{seq}"))).ToList();

        var results = await Task.WhenAll(messages.Select(m => Task.Run(() => store.AppendAsync(m, []))));

        results.ShouldAllBe(inserted => inserted);
        (await CountAsync(fixture.DataSource, "tenant_id = $1", tenantId)).ShouldBe(2000);
        var stored = await Sql.RowsAsync(fixture.DataSource,
            "SELECT conversation_id, count(*), count(DISTINCT seq), min(seq), max(seq) FROM messages WHERE tenant_id = $1 GROUP BY conversation_id",
            tenantId);
        stored.Count.ShouldBe(200);
        stored.ShouldAllBe(r => (long)r[1]! == 10 && (long)r[2]! == 10 && (long)r[3]! == 1 && (long)r[4]! == 10);
        var ids = (await Sql.RowsAsync(fixture.DataSource, "SELECT id FROM messages WHERE tenant_id = $1", tenantId)).Select(r => (Guid)r[0]!);
        ids.ShouldBe(messages.Select(m => m.Id), ignoreOrder: true);
        var lastOfEach = messages.Where(m => m.Seq == 10).ToDictionary(m => m.ConversationId, m => m.Id);
        var rows = await Sql.RowsAsync(fixture.DataSource,
            "SELECT id, last_seq, last_message_id, unread_count FROM conversations WHERE tenant_id = $1", tenantId);
        rows.ShouldAllBe(r => (long)r[1]! == 10 && (Guid)r[2]! == lastOfEach[(Guid)r[0]!] && (int)r[3]! == 10,
            "every list row shows its conversation's newest message, whatever order the batches committed in");
    }

    [Fact]
    public async Task AnAppendWithATakenSeqReturnsFalseAndWritesNothing()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var first = Inbound(tenantId, conversationId, 1, "first");
        (await store.AppendAsync(first, [])).ShouldBeTrue();

        var clash = Inbound(tenantId, conversationId, 1, "second writer") with { IdempotencyKey = "k", ExternalId = "x" };
        (await store.AppendAsync(clash, [])).ShouldBeFalse();

        (await CountAsync(fixture.DataSource, "tenant_id = $1 AND conversation_id = $2", tenantId, conversationId)).ShouldBe(1);
        (await CountAsync(fixture.DataSource, "id = $1", clash.Id)).ShouldBe(0);
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((1L, first.Id, 1), "the refused append leaves the list row alone");
    }

    [Fact]
    public async Task ADuplicateIdempotencyKeyIsRefusedWithinATenantOnly()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var (one, two) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        (await store.AppendAsync(Outbound(tenantId, one, 1) with { IdempotencyKey = "retry-me" }, [])).ShouldBeTrue();
        (await store.AppendAsync(Outbound(tenantId, two, 1) with { IdempotencyKey = "retry-me" }, [])).ShouldBeFalse();
        (await store.AppendAsync(Outbound(Guid.CreateVersion7(), two, 1) with { IdempotencyKey = "retry-me" }, []))
            .ShouldBeTrue("another tenant's key is another key");

        (await CountAsync(fixture.DataSource, "tenant_id = $1", tenantId)).ShouldBe(1);
    }

    [Fact]
    public async Task ADuplicateProviderIdIsRefusedWithinAChannelOnly()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var channelId = Guid.CreateVersion7();

        (await store.AppendAsync(Inbound(tenantId, Guid.CreateVersion7(), 1, channelId: channelId) with { ExternalId = "wamid.1" }, [])).ShouldBeTrue();
        (await store.AppendAsync(Inbound(tenantId, Guid.CreateVersion7(), 1, channelId: channelId) with { ExternalId = "wamid.1" }, [])).ShouldBeFalse();
        (await store.AppendAsync(Inbound(tenantId, Guid.CreateVersion7(), 1, channelId: Guid.CreateVersion7()) with { ExternalId = "wamid.1" }, []))
            .ShouldBeTrue("the same provider id on another channel is another message");

        (await CountAsync(fixture.DataSource, "tenant_id = $1 AND external_id = 'wamid.1'", tenantId)).ShouldBe(2);
    }

    [Fact]
    public async Task ConcurrentAppendsOfOneSeqStoreExactlyOne()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var contenders = Enumerable.Range(0, 20).Select(i => Inbound(tenantId, conversationId, 1, $"contender {i}")).ToList();

        var results = await Task.WhenAll(contenders.Select(m => Task.Run(() => store.AppendAsync(m, []))));

        results.Count(inserted => inserted).ShouldBe(1);
        var winner = contenders[Array.IndexOf(results, true)];
        var stored = (await Sql.RowsAsync(fixture.DataSource, "SELECT id FROM messages WHERE tenant_id = $1", tenantId)).ShouldHaveSingleItem();
        stored[0].ShouldBe(winner.Id);
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).LastMessageId.ShouldBe(winner.Id);
    }

    [Fact]
    public async Task TheAppendMovesTheConversationRowOnlyForStoredMessages()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var inbound = Inbound(tenantId, conversationId, 1);
        var reply = Outbound(tenantId, conversationId, 2);

        (await store.AppendAsync(inbound, [])).ShouldBeTrue();
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((1L, inbound.Id, 1));
        (await store.AppendAsync(reply, [])).ShouldBeTrue();
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((2L, reply.Id, 1));
        (await store.AppendAsync(Inbound(tenantId, conversationId, 2, "late duplicate"), [])).ShouldBeFalse();
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((2L, reply.Id, 1));
        var activity = await Sql.ScalarAsync<DateTime>(fixture.DataSource, "SELECT last_activity_at FROM conversations WHERE id = $1", conversationId);
        activity.ShouldBe(reply.CreatedAt.UtcDateTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task AppendsForAConversationWithoutAListRowAreStoredAndCreateNoRow()
    {
        await using var store = Store(fixture);
        var tenantId = Guid.CreateVersion7();
        var conversationId = Guid.CreateVersion7();

        (await store.AppendAsync(Inbound(tenantId, conversationId, 1), [])).ShouldBeTrue();

        (await CountAsync(fixture.DataSource, "conversation_id = $1", conversationId)).ShouldBe(1);
        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM conversations WHERE id = $1", conversationId)).ShouldBe(0);
    }

    [Fact]
    public async Task WhatTheStoreWritesReadsBackTheSame()
    {
        await using var store = Store(fixture);
        var tenantId = Guid.CreateVersion7();
        var message = Outbound(tenantId, Guid.CreateVersion7(), 1) with
        {
            Content = new MessageContent { Type = ContentTypes.Image, Media = new MediaInfo { Url = "https://cdn.example/cat.png", Caption = "a cat" } },
            Private = true,
            Status = MessageStatus.Sent,
            SentAt = DateTimeOffset.UtcNow,
            IdempotencyKey = "idem",
            ExternalId = "ext",
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        };

        (await store.AppendAsync(message, [])).ShouldBeTrue();

        var stored = (await new Messages.MessageReader(fixture.DataSource).GetAsync(tenantId, message.Id, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        stored.ShouldBe(message with
        {
            CreatedAt = Truncated(message.CreatedAt),
            SentAt = Truncated(message.SentAt!.Value),
        });
        (await Sql.ScalarAsync<string>(fixture.DataSource, "SELECT body FROM messages WHERE id = $1", message.Id)).ShouldBe("a cat");
    }

    [Fact]
    public async Task AppendsQueuedBeforeDisposeAreWrittenAndLaterOnesAreRefused()
    {
        var store = Store(fixture, writerConcurrency: 1);
        var tenantId = Guid.CreateVersion7();
        var conversationId = Guid.CreateVersion7();
        var pending = Enumerable.Range(1, 100).Select(seq => store.AppendAsync(Inbound(tenantId, conversationId, seq), [])).ToList();

        await store.DisposeAsync();

        (await Task.WhenAll(pending)).ShouldAllBe(inserted => inserted);
        (await CountAsync(fixture.DataSource, "conversation_id = $1", conversationId)).ShouldBe(100);
        await Should.ThrowAsync<ObjectDisposedException>(() => store.AppendAsync(Inbound(tenantId, conversationId, 101), []));
    }

    /// <summary>PostgreSQL keeps microseconds.</summary>
    private static DateTimeOffset Truncated(DateTimeOffset value) => value.AddTicks(-(value.Ticks % 10));
}
