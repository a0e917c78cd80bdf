using System.Text.Json;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Webhooks;

/// <summary>
/// Events reaching subscribers' endpoints (a real HTTP server on loopback): signed as API.md says, only the
/// subscribed events of the endpoint's own tenant, retried until they succeed, failed after the retry period,
/// every attempt logged. The node retries on a test scale (<see cref="WebhookNode"/>).
/// </summary>
public sealed class WebhookDeliveryTests(WebhookNode node) : IClassFixture<WebhookNode>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly FakeWebhookReceiver _receiver = new();

    public async ValueTask InitializeAsync() => await _receiver.StartAsync();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task AMessageEventReachesTheEndpointSignedWithTheSecretShownAtCreation()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var webhook = await SubscribeAsync(tenant, "message.created");
        var (conversation, _) = await tenant.StartConversationAsync();

        var sent = await tenant.SendTextAsync(conversation.Id, "Your order has shipped");

        var request = await ReceivedAsync(r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == sent.Id, "the message.created event");
        FakeWebhookReceiver.Verify(request, webhook.Secret!).ShouldBeTrue("the signature verifies with the secret shown at creation");
        FakeWebhookReceiver.Verify(request, "whsec_some-other-secret").ShouldBeFalse();
        request.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        request.Header("Linktor-Event").ShouldBe("message.created");
        var body = request.Json;
        body.GetProperty("event").GetString().ShouldBe("message.created");
        body.GetProperty("tenant_id").GetGuid().ShouldBe(tenant.Id);
        body.GetProperty("created_at").GetString().ShouldNotBeNull().ShouldEndWith("Z");
        var data = body.GetProperty("data").Deserialize<Message>(WireJson.Options)!;
        data.ConversationId.ShouldBe(conversation.Id);
        data.Seq.ShouldBe(sent.Seq);
        data.Content.Text.ShouldBe("Your order has shipped");
        data.Direction.ShouldBe("outbound");

        var delivery = await DeliveryAsync(tenant, webhook, d => d.EventId == body.GetProperty("id").GetGuid() && d.Status == "succeeded");
        request.Header("Linktor-Delivery").ShouldBe(delivery.Id.ToString());
        delivery.AttemptCount.ShouldBe(1);
        delivery.ResponseStatus.ShouldBe(200);
        delivery.DeliveredAt.ShouldNotBeNull();
        delivery.NextAttemptAt.ShouldBeNull();
        var detail = (await tenant.AdminApi.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/{delivery.Id}")).ShouldBe<WebhookDelivery>(200);
        detail.Payload.ShouldNotBeNull().GetRawText().ShouldBe(JsonDocument.Parse(request.Body).RootElement.GetRawText(), "the payload shown is the body sent");
        detail.Attempts.ShouldNotBeNull().Single().ResponseStatus.ShouldBe(200);
    }

    [Fact]
    public async Task AnEndpointGetsOnlyTheEventsItSubscribedToAndOnlyOfItsOwnTenant()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        await SubscribeAsync(tenant, "conversation.updated");
        var (conversation, _) = await tenant.StartConversationAsync();
        var (otherConversation, _) = await other.StartConversationAsync();
        await using var elsewhere = new FakeWebhookReceiver();
        await SubscribeAsync(other, "message.created", elsewhere); // the other tenant's own endpoint

        await other.SendTextAsync(otherConversation.Id, "not for tenant A's endpoint");
        (await other.AdminApi.PatchAsync($"/api/v1/conversations/{otherConversation.Id}", new { status = "resolved" })).ShouldBe(200);
        await tenant.SendTextAsync(conversation.Id, "a message event nobody subscribed to");
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{conversation.Id}", new { status = "resolved" })).ShouldBe(200);

        await ReceivedAsync(
            r => r.Json.GetProperty("event").GetString() == "conversation.updated" && r.Json.GetProperty("data").GetProperty("status").GetString() == "resolved",
            "the resolution of tenant A's conversation");
        // Events are queued in the order they happen: the other tenant's and the message event came first, and none arrived.
        _receiver.Delivered.ShouldAllBe(r => r.Json.GetProperty("event").GetString() == "conversation.updated");
        _receiver.Delivered.ShouldAllBe(r => r.Json.GetProperty("tenant_id").GetGuid() == tenant.Id);
        _receiver.Delivered.ShouldAllBe(r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == conversation.Id);
    }

    [Fact]
    public async Task AFailingEndpointGetsTheSameEventAgainUntilItSucceedsAndEveryAttemptIsLogged()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var webhook = await SubscribeAsync(tenant, "message.created");
        var (conversation, _) = await tenant.StartConversationAsync();
        _receiver.InjectFault(new Fault(500, """{"error":"database locked"}"""), count: 2);

        var sent = await tenant.SendTextAsync(conversation.Id, "retry me");

        var delivery = await DeliveryAsync(tenant, webhook, d => d.Status == "succeeded");
        var requests = _receiver.Requests;
        requests.Count.ShouldBe(3);
        requests.Select(r => r.Header("Linktor-Delivery")).Distinct().ShouldBe([delivery.Id.ToString()]);
        requests.Select(r => r.Json.GetProperty("id").GetGuid()).Distinct().ShouldBe([delivery.EventId], "every retry carries the same event id");
        requests.ShouldAllBe(r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == sent.Id);
        requests.ShouldAllBe(r => FakeWebhookReceiver.Verify(r, webhook.Secret!));
        (requests[1].ReceivedAt - requests[0].ReceivedAt).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(150), "retries back off");

        var detail = (await tenant.AdminApi.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/{delivery.Id}")).ShouldBe<WebhookDelivery>(200);
        detail.AttemptCount.ShouldBe(3);
        detail.ResponseStatus.ShouldBe(200);
        detail.Error.ShouldBeNull();
        var attempts = detail.Attempts.ShouldNotBeNull();
        attempts.Select(a => a.Attempt).ShouldBe([1, 2, 3]);
        attempts.Select(a => a.ResponseStatus).ShouldBe([500, 500, 200]);
        attempts[0].Error.ShouldNotBeNull().ShouldContain("HTTP 500");
        attempts[0].Error!.ShouldContain("database locked");
        attempts[2].Error.ShouldBeNull();
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswersFailsTheDeliveryAfterTheRetryPeriodAndARedeliveryCanStillSucceed()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var webhook = await SubscribeAsync(tenant, "message.created");
        var (conversation, _) = await tenant.StartConversationAsync();
        _receiver.InjectFault(Fault.Hang(TimeSpan.FromSeconds(5)));

        await tenant.SendTextAsync(conversation.Id, "nobody home");

        var failed = await DeliveryAsync(tenant, webhook, d => d.Status == "failed");
        failed.AttemptCount.ShouldBeGreaterThanOrEqualTo(2);
        failed.ResponseStatus.ShouldBeNull();
        failed.Error.ShouldNotBeNull().ShouldContain("No answer within 1 s");
        failed.NextAttemptAt.ShouldBeNull();
        failed.DeliveredAt.ShouldBeNull();
        (failed.LastAttemptAt!.Value - failed.CreatedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(9), "retried until the 10 s retry period was over (the last attempt ends after it)");
        (await tenant.AdminApi.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries?status=failed")).ShouldBe<Page<WebhookDelivery>>(200)
            .Data.Single().Id.ShouldBe(failed.Id);
        (await tenant.AdminApi.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries?status=succeeded")).ShouldBe<Page<WebhookDelivery>>(200)
            .Data.ShouldBeEmpty();

        _receiver.ClearFault();
        (await tenant.AdminApi.PostAsync($"/api/v1/webhooks/{webhook.Id}/deliveries/{failed.Id}/redeliver")).ShouldBe<WebhookDelivery>(202)
            .Status.ShouldBe("pending");

        var redelivered = await DeliveryAsync(tenant, webhook, d => d.Id == failed.Id && d.Status == "succeeded");
        redelivered.AttemptCount.ShouldBe(failed.AttemptCount + 1);
        _receiver.Delivered.Single().Header("Linktor-Delivery").ShouldBe(failed.Id.ToString());
    }

    [Fact]
    public async Task ADisabledEndpointGetsNoDeliveriesUntilItIsEnabledAgain()
    {
        var tenant = await TestTenant.CreateAsync(node);
        await using var second = new FakeWebhookReceiver();
        var disabled = await SubscribeAsync(tenant, "message.created");
        var active = await SubscribeAsync(tenant, "message.created", second);
        (await tenant.AdminApi.PatchAsync($"/api/v1/webhooks/{disabled.Id}", new { status = "disabled" })).ShouldBe<Webhook>(200).Status.ShouldBe("disabled");
        var (conversation, _) = await tenant.StartConversationAsync();

        var whileDisabled = await tenant.SendTextAsync(conversation.Id, "while disabled");

        // Both endpoints' deliveries of an event are written together: once the active one has it, the disabled one never will.
        await DeliveryAsync(tenant, active, d => d.Status == "succeeded");
        (await tenant.AdminApi.GetAsync($"/api/v1/webhooks/{disabled.Id}/deliveries")).ShouldBe<Page<WebhookDelivery>>(200).Data.ShouldBeEmpty();
        _receiver.Requests.ShouldBeEmpty();

        (await tenant.AdminApi.PatchAsync($"/api/v1/webhooks/{disabled.Id}", new { status = "active" })).ShouldBe<Webhook>(200);
        var afterwards = await tenant.SendTextAsync(conversation.Id, "after enabling");

        await ReceivedAsync(r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == afterwards.Id, "the event after enabling");
        _receiver.Delivered.ShouldNotContain(r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == whileDisabled.Id);
        second.Delivered.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ADeletedEndpointGetsNothingMore()
    {
        var tenant = await TestTenant.CreateAsync(node);
        await using var second = new FakeWebhookReceiver();
        var deleted = await SubscribeAsync(tenant, "message.created");
        await SubscribeAsync(tenant, "message.created", second);
        var (conversation, _) = await tenant.StartConversationAsync();
        (await tenant.AdminApi.DeleteAsync($"/api/v1/webhooks/{deleted.Id}")).ShouldBe(204);

        var sent = await tenant.SendTextAsync(conversation.Id, "after deleting");

        await Eventually.TrueAsync(() => Task.FromResult(second.Delivered.Any(r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == sent.Id)),
            Deadline, "the remaining endpoint gets the event", TestContext.Current.CancellationToken);
        _receiver.Requests.ShouldBeEmpty();
    }

    private async Task<Webhook> SubscribeAsync(TestTenant tenant, string eventName, FakeWebhookReceiver? receiver = null)
    {
        receiver ??= _receiver;
        if (receiver != _receiver)
        {
            await receiver.StartAsync();
        }

        return (await tenant.AdminApi.PostAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { eventName } })).ShouldBe<Webhook>(201);
    }

    private Task<RecordedRequest> ReceivedAsync(Func<RecordedRequest, bool> match, string what) =>
        Eventually.GetAsync(() => Task.FromResult(_receiver.Delivered.FirstOrDefault(match)), Deadline, $"the endpoint receives {what}",
            TestContext.Current.CancellationToken);

    private static Task<WebhookDelivery> DeliveryAsync(TestTenant tenant, Webhook webhook, Func<WebhookDelivery, bool> match) =>
        Eventually.GetAsync(async () =>
                (await tenant.AdminApi.GetAsync($"/api/v1/webhooks/{webhook.Id}/deliveries")).ShouldBe<Page<WebhookDelivery>>(200).Data.FirstOrDefault(match),
            Deadline, "the delivery reaches the expected state", TestContext.Current.CancellationToken);
}
