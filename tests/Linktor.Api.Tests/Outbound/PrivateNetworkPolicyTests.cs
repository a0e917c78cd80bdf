using Linktor.Api.Tests.Infrastructure;
using Linktor.Grains.Media;
using Linktor.Grains.Webhooks;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Outbound;

/// <summary>
/// The attack, with custom base URLs allowed: a tenant admin points an SMS channel at an internal service (or
/// the cloud metadata address) and signs their own Twilio webhook naming a media URL there. The message is stored, but
/// the attachment is never fetched: the media client connects only to public addresses.
/// </summary>
public sealed class PrivateNetworkPolicyTests(PrivateNetworksRefusedNode node) : IClassFixture<PrivateNetworksRefusedNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMediaUrlOnALoopbackServiceIsStoredButNeverFetched()
    {
        await using var internalService = new FakeTwilio(ProviderChannels.TwilioAccountSid, ProviderChannels.TwilioAuthToken);
        await internalService.StartAsync();
        var mediaUrl = internalService.AddMedia([0xFF, 0xD8, 0xFF], "image/jpeg");
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.TwilioAsync(tenant, internalService.BaseUrl.ToString());

        var messageId = await ProviderChannels.PostTwilioMmsAsync(tenant, channel, mediaUrl);

        (await ProviderChannels.CopyOutcomeAsync(tenant, messageId)).ShouldBe("failed", "refused for good, not retried");
        var problem = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{messageId}/media")).ShouldBeProblem(422, "destination_not_allowed");
        problem.Detail.ShouldContain("AllowPrivateNetworks");
        internalService.Requests.ShouldBeEmpty("neither the copy on arrival nor the download connected to the internal service");
        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }

    [Fact]
    public async Task TheCloudMetadataAddressIsNeverConnectedTo()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.TwilioAsync(tenant, "http://169.254.169.254/");

        var messageId = await ProviderChannels.PostTwilioMmsAsync(tenant, channel, "http://169.254.169.254/latest/meta-data/iam/security-credentials/role");

        (await ProviderChannels.CopyOutcomeAsync(tenant, messageId)).ShouldBe("failed");
        // Refused before any connection (which would hang or time out): the answer names the policy.
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{messageId}/media")).ShouldBeProblem(422, "destination_not_allowed")
            .Detail.ShouldContain("169.254.169.254");
        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }

    [Fact]
    public async Task TheOlderWebhookSettingStillAllowsWebhooksAndOnlyThem()
    {
        await using var receiver = new FakeWebhookReceiver();
        await receiver.StartAsync();
        var url = $"http://localhost:{receiver.BaseUrl.Port}/hooks/linktor";
        var clients = node.Services.GetRequiredService<IHttpClientFactory>();

        using (var delivered = await clients.CreateClient(WebhookDeliveryWorker.HttpClientName).PostAsync(url, new StringContent("{}"), Ct))
        {
            delivered.IsSuccessStatusCode.ShouldBeTrue("Linktor:Webhooks:AllowPrivateNetworks allows webhooks");
        }

        (await Should.ThrowAsync<HttpRequestException>(() => clients.CreateClient(ProviderMediaClient.HttpClientName).GetAsync(url, Ct)))
            .ToString().ShouldContain("Linktor:Outbound:AllowPrivateNetworks");
        receiver.Requests.Count.ShouldBe(1, "only the webhook arrived");
    }
}
