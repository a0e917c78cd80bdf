using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Outbound;

/// <summary>
/// Where an attachment download may go even when the network allows it: the URL a provider answers must be on its
/// media hosts (the channel's own base host here, custom base URLs being allowed), a redirect may not lead elsewhere,
/// and the body stops at <c>Linktor:Media:MaxProviderDownloadBytes</c>.
/// </summary>
public sealed class ProviderMediaPolicyTests(MediaCapNode node) : IClassFixture<MediaCapNode>
{
    [Fact]
    public async Task AGraphAnswerPointingOffTheMediaHostsIsNotFollowed()
    {
        await using var graph = new FakeWhatsApp();
        await using var elsewhere = new FakeWebhookReceiver();
        await graph.StartAsync();
        await elsewhere.StartAsync();
        var mediaId = graph.AddMedia([0xFF, 0xD8, 0xFF], "image/jpeg");
        // "localhost" is loopback too, but not the channel's base host (127.0.0.1 and its port).
        var answer = $$"""{"messaging_product":"whatsapp","url":"http://localhost:{{elsewhere.BaseUrl.Port}}/whatsapp_business/attachments/?mid={{mediaId}}","mime_type":"image/jpeg","id":"{{mediaId}}"}""";
        graph.InjectFault(new Fault(200, answer), applies: r => r.Method == "GET" && (r.Path.Value ?? "").EndsWith($"/{mediaId}", StringComparison.Ordinal));
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.WhatsAppAsync(tenant, graph.BaseUrl.ToString());

        var messageId = await ProviderChannels.PostWhatsAppImageAsync(tenant, channel, mediaId);

        (await ProviderChannels.CopyOutcomeAsync(tenant, messageId)).ShouldBe("failed");
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{messageId}/media")).ShouldBeProblem(422, "destination_not_allowed");
        graph.Requests.ShouldContain(r => r.Path.EndsWith($"/{mediaId}", StringComparison.Ordinal), "the Graph was asked where the media is");
        elsewhere.Requests.ShouldBeEmpty("the URL it answered, and the bearer token, went nowhere");
    }

    [Fact]
    public async Task ARedirectToAnotherHostIsNotFollowed()
    {
        await using var twilio = new FakeTwilio(ProviderChannels.TwilioAccountSid, ProviderChannels.TwilioAuthToken);
        await using var elsewhere = new FakeWebhookReceiver();
        await twilio.StartAsync();
        await elsewhere.StartAsync();
        var mediaUrl = twilio.AddMedia([0xFF, 0xD8, 0xFF], "image/jpeg");
        twilio.InjectFault(new Fault(302) { Headers = new Dictionary<string, string> { ["Location"] = $"http://localhost:{elsewhere.BaseUrl.Port}/latest/meta-data/" } },
            applies: r => (r.Path.Value ?? "").Contains("/Media/", StringComparison.Ordinal));
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.TwilioAsync(tenant, twilio.BaseUrl.ToString());

        var messageId = await ProviderChannels.PostTwilioMmsAsync(tenant, channel, mediaUrl);

        (await ProviderChannels.CopyOutcomeAsync(tenant, messageId)).ShouldBe("failed");
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{messageId}/media")).ShouldBeProblem(422, "destination_not_allowed");
        twilio.Requests.ShouldContain(r => r.Path.Contains("/Media/", StringComparison.Ordinal));
        elsewhere.Requests.ShouldBeEmpty("the redirect was not followed");
        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }

    [Fact]
    public async Task AnOversizeDownloadStopsAtTheCap()
    {
        // 64 MiB, far more than socket buffers hold: an answer read to its end means the client did not stop.
        await using var twilio = new StreamingMediaServer(length: 64L * 1024 * 1024);
        await twilio.StartAsync();
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.TwilioAsync(tenant, twilio.BaseUrl.ToString());

        var messageId = await ProviderChannels.PostTwilioMmsAsync(tenant, channel, twilio.MediaUrl(ProviderChannels.TwilioAccountSid));

        (await ProviderChannels.CopyOutcomeAsync(tenant, messageId)).ShouldBe("failed");
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{messageId}/media")).ShouldBeProblem(413, "payload_too_large")
            .Detail.ShouldContain(MediaCapNode.MaxProviderDownloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        twilio.Requests.ShouldBe(2, "the copy on arrival and the download each started one");
        twilio.Completed.ShouldBe(0, "neither read the answer to its end");
        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }
}
