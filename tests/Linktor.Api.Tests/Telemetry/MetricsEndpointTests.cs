using System.Net;
using System.Net.Http.Headers;
using Linktor.Api.Tests.Channels;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>
/// The Prometheus scrape at <c>/metrics</c> on the main port: the platform admin key gets the sends, receives and provider
/// errors per channel type and each active channel's outbox; anyone else gets a problem and no data.
/// </summary>
public sealed class MetricsEndpointTests(TelemetryNode node) : IClassFixture<TelemetryNode>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTelegram _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task AScrapeShowsTheSendsAndReceivesOfAChannelTypeAndTheOutboxOfAChannelWhoseProviderRefuses()
    {
        var before = await ScrapeAsync();
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        var channelId = telegram.Channel.Id.ToString();

        var conversationId = await telegram.ReceiveTextAsync(9101, chatId: 9201, "hello", Ct);
        await tenant.SendTextAsync(conversationId, "first reply");
        await Eventually.TrueAsync(() => Task.FromResult(telegram.SentTexts().Count == 1), Deadline, "the provider accepted the first reply", Ct);

        _fake.InjectFault(FakeTelegram.ServerError(503), applies: FakeTelegram.ForMethod("sendMessage"));
        await tenant.SendTextAsync(conversationId, "second reply, refused for now");

        var after = await Eventually.GetAsync(async () =>
        {
            var scrape = await ScrapeAsync();
            return scrape.Samples("linktor_outbox_depth", ("channel_id", channelId)) is [>= 1]
                && scrape.Samples("linktor_outbox_age_seconds", ("channel_id", channelId)) is [> 0]
                && scrape.Sum("linktor_provider_errors_total", ("channel_type", "telegram"), ("retryable", "true")) > 0
                ? scrape
                : null;
        }, Deadline, "the scrape shows the refused reply waiting in the channel's outbox", Ct);

        after.Sum("linktor_messages_sent_total", ("channel_type", "telegram"))
            .ShouldBeGreaterThan(before.Sum("linktor_messages_sent_total", ("channel_type", "telegram")), "the accepted reply counts as sent");
        after.Sum("linktor_messages_received_total", ("channel_type", "telegram"))
            .ShouldBeGreaterThan(before.Sum("linktor_messages_received_total", ("channel_type", "telegram")), "the inbound message counts as received");
        after.Samples("linktor_outbox_depth", ("channel_id", channelId), ("channel_type", "telegram")).ShouldHaveSingleItem();
        // ASP.NET Core's request durations are checked in MetricsPortTests, on a node that is alone in its process: here
        // other test nodes share the process, each host's meter has the same name, and a node's meter provider keeps
        // the instrument of whichever host made it first (perhaps one already stopped).
        after.Text.ShouldContain("linktor_storage_group_commit_batch_size_bucket", Case.Sensitive, "and the group commit's batch sizes");
    }

    [Fact]
    public async Task AWebChatMessageCountsAsSentWhenStored()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var before = (await ScrapeAsync()).Sum("linktor_messages_sent_total", ("channel_type", "webchat"));

        await tenant.SendTextAsync(conversation.Id, "hello visitor");

        await Eventually.TrueAsync(async () => (await ScrapeAsync()).Sum("linktor_messages_sent_total", ("channel_type", "webchat")) > before,
            Deadline, "the web-chat reply counts as sent", Ct);
    }

    [Fact]
    public async Task AWebhookDeliveryCountsAsDeliveredWithItsLag()
    {
        await using var receiver = new FakeWebhookReceiver();
        await receiver.StartAsync();
        var tenant = await TestTenant.CreateAsync(node);
        (await tenant.AdminApi.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "message.created" } })).ShouldBe(201);
        var (conversation, _) = await tenant.StartConversationAsync();
        var before = await ScrapeAsync();

        await tenant.SendTextAsync(conversation.Id, "to the webhook");

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Delivered.Count > 0), Deadline, "the endpoint receives the event", Ct);
        await Eventually.TrueAsync(async () =>
        {
            var after = await ScrapeAsync();
            return after.Sum("linktor_webhooks_deliveries_total", ("outcome", "delivered")) > before.Sum("linktor_webhooks_deliveries_total", ("outcome", "delivered"))
                && after.Sum("linktor_webhooks_lag_seconds_count") > before.Sum("linktor_webhooks_lag_seconds_count");
        }, Deadline, "the delivery and its lag are counted", Ct);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-platform-key")]
    public async Task AScrapeWithoutThePlatformKeyIsRefusedWithAProblemAndNoData(string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await node.Anonymous.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.ShouldContain("\"code\":\"unauthorized\"");
        body.ShouldNotContain("linktor_");
    }

    private Task<Scrape> ScrapeAsync() => Scrape.TakeAsync(node, Ct);
}
