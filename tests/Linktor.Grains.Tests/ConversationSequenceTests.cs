using Linktor.Contracts.Conversations;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>Per-conversation order and de-duplication: seq is gap-free, a key or provider id stores one message.</summary>
public sealed class ConversationSequenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task FiftyConcurrentSendsGetSeqsOneToFiftyWithoutGapsOrDuplicates()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var grain = tenant.Conversation(conversation.Id);

        var sent = (await Task.WhenAll(Enumerable.Range(1, 50).Select(i => grain.SendAsync(tenant.Text($"message {i}")))))
            .Select(r => r.ShouldSucceed())
            .ToList();

        var oneToFifty = Enumerable.Range(1, 50).Select(i => (long)i).ToList();
        sent.Select(m => m.Seq).Order().ShouldBe(oneToFifty);
        sent.Select(m => m.Id).Distinct().Count().ShouldBe(50);
        var stored = await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT seq, id FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq", tenant.Id, conversation.Id);
        stored.Select(r => (long)r[0]!).ShouldBe(oneToFifty);
        stored.ToDictionary(r => (Guid)r[1]!, r => (long)r[0]!)
            .ShouldBe(sent.ToDictionary(m => m.Id, m => m.Seq), ignoreOrder: true);
        (await grain.GetAsync()).ShouldSucceed().LastSeq.ShouldBe(50);
    }

    [Fact]
    public async Task SendingTheSameIdempotencyKeyTwiceStoresOneMessageAndAnswersTheFirst()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();

        var first = await tenant.SendAsync(conversation.Id, "hello", idempotencyKey: "key-1");
        var again = await tenant.SendAsync(conversation.Id, "hello (retried)", idempotencyKey: "key-1");
        var next = await tenant.SendAsync(conversation.Id, "next");

        again.Id.ShouldBe(first.Id);
        again.Seq.ShouldBe(1);
        again.Content.Text.ShouldBe("hello");
        next.Seq.ShouldBe(2, "a refused duplicate does not use up a seq");
        (await CountAsync("tenant_id = $1 AND idempotency_key = 'key-1'", tenant.Id)).ShouldBe(1);
        (await CountAsync("tenant_id = $1 AND conversation_id = $2", tenant.Id, conversation.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task ConcurrentSendsWithTheSameIdempotencyKeyStoreOneMessage()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var grain = tenant.Conversation(conversation.Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.SendAsync(tenant.Text("once", idempotencyKey: "same-key"))));

        results.Select(r => r.ShouldSucceed().Id).Distinct().Count().ShouldBe(1);
        results.Select(r => r.Value!.Seq).Distinct().ShouldBe([1L]);
        (await CountAsync("tenant_id = $1 AND conversation_id = $2", tenant.Id, conversation.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task AnInboundMessageWithAKnownProviderIdIsStoredOnceAndReportedAsDuplicate()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();

        var first = await tenant.ReceiveAsync(visitor, "hi", externalId: "provider-1");
        var retry = await tenant.ReceiveAsync(visitor, "hi", externalId: "provider-1");

        first.Duplicate.ShouldBeFalse();
        retry.Duplicate.ShouldBeTrue();
        retry.Message.ShouldNotBeNull().Id.ShouldBe(first.Message.ShouldNotBeNull().Id);
        (await CountAsync("tenant_id = $1 AND external_id = 'provider-1'", tenant.Id)).ShouldBe(1);
        var conversation = (await tenant.Conversation(first.Message.ConversationId).GetAsync()).ShouldSucceed();
        conversation.LastSeq.ShouldBe(1);
        conversation.UnreadCount.ShouldBe(1, "a duplicate is not unread twice");
        (await Sql.ScalarAsync<int>(fixture.Database.DataSource,
            "SELECT unread_count FROM conversations WHERE tenant_id = $1 AND id = $2", tenant.Id, conversation.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentDeliveriesOfOneProviderMessageStoreIt()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        await tenant.ReceiveAsync(visitor, "first");

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => tenant.Identity(visitor).ReceiveAsync(TestTenant.Inbound("webhook retried", "provider-2"))));

        var received = results.Select(r => r.ShouldSucceed()).ToList();
        received.Count(r => !r.Duplicate).ShouldBe(1);
        received.Select(r => r.Message.ShouldNotBeNull().Id).Distinct().Count().ShouldBe(1);
        received[0].Message!.Seq.ShouldBe(2);
        (await CountAsync("tenant_id = $1 AND external_id = 'provider-2'", tenant.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task AProviderRetryAfterTheConversationWasResolvedIsStillADuplicate()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = await tenant.ReceiveAsync(visitor, "hi", externalId: "provider-3");
        var conversationId = first.Message!.ConversationId;
        (await tenant.Conversation(conversationId).UpdateAsync(
            new() { Status = ConversationStatus.Resolved }, tenant.Agent)).ShouldSucceed();

        var retry = await tenant.ReceiveAsync(visitor, "hi", externalId: "provider-3");

        retry.Duplicate.ShouldBeTrue();
        retry.Message.ShouldNotBeNull().Id.ShouldBe(first.Message.Id);
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource,
            "SELECT count(*) FROM conversations WHERE tenant_id = $1", tenant.Id)).ShouldBe(1, "a retried webhook opens no new conversation");
    }

    [Fact]
    public async Task AVisitorsRetryKeyDeduplicatesTheirOwnMessagesOnly()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var (alice, bob) = (TestTenant.NewVisitor(), TestTenant.NewVisitor());
        var keyed = TestTenant.Inbound("hello") with { IdempotencyKey = "widget-1" };

        var first = (await tenant.Identity(alice).ReceiveAsync(keyed)).ShouldSucceed();
        var retried = (await tenant.Identity(alice).ReceiveAsync(keyed)).ShouldSucceed();
        var other = (await tenant.Identity(bob).ReceiveAsync(keyed)).ShouldSucceed();

        retried.Duplicate.ShouldBeTrue();
        retried.Message.ShouldNotBeNull().Id.ShouldBe(first.Message.ShouldNotBeNull().Id);
        other.Duplicate.ShouldBeFalse("another visitor's key never matches");
        other.Message.ShouldNotBeNull().ConversationId.ShouldNotBe(first.Message.ConversationId);
        (await CountAsync("tenant_id = $1", tenant.Id)).ShouldBe(2);
    }

    private Task<long> CountAsync(string where, params object[] args) =>
        Sql.ScalarAsync<long>(fixture.Database.DataSource, $"SELECT count(*) FROM messages WHERE {where}", args);
}
