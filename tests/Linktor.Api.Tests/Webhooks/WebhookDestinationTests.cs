using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Grains.Webhooks;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Webhooks;

/// <summary>A tenant admin's webhook URL cannot reach the network Linktor runs in: refused when saved, and when connecting.</summary>
public sealed class WebhookDestinationTests(ProductionPolicyNode node, LinktorNode permissiveNode) : IClassFixture<ProductionPolicyNode>
{
    private const string Route = "/api/v1/webhooks";

    [Theory]
    [InlineData("http://127.0.0.1:8080/in")]
    [InlineData("http://localhost/in")]
    [InlineData("http://[::1]/in")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://10.0.0.5/in")]
    [InlineData("http://192.168.1.20:9000/in")]
    [InlineData("http://[::ffff:172.16.0.1]/in")]
    [InlineData("http://[fd00::1]/in")]
    public async Task AnInternalAddressIsRefusedAsADestination(string url)
    {
        var tenant = await TestTenant.CreateAsync(node);
        var webhook = (await tenant.AdminApi.PostAsync(Route, new { url = "https://crm.example.com/keep", events = new[] { "message.created" } }))
            .ShouldBe<Webhook>(201);
        var before = await tenant.SnapshotAsync();

        (await tenant.AdminApi.PostAsync(Route, new { url, events = new[] { "message.created" } })).ShouldBeValidationProblem("url")
            .Detail.ShouldContain("AllowPrivateNetworks");
        (await tenant.AdminApi.PatchAsync($"{Route}/{webhook.Id}", new { url })).ShouldBeValidationProblem("url");

        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AReceiverWhoseNameResolvesToAnInternalAddressIsNeverConnectedTo()
    {
        await using var receiver = new FakeWebhookReceiver();
        await receiver.StartAsync();
        // "localhost" is a name the delivery client resolves itself, as it would a rebinding attacker's domain.
        var url = $"http://localhost:{receiver.BaseUrl.Port}/hooks/linktor";

        var refused = await Should.ThrowAsync<HttpRequestException>(() => DeliveryClient(node).PostAsync(url, new StringContent("{}"), TestContext.Current.CancellationToken));
        refused.ToString().ShouldContain("AllowPrivateNetworks");
        receiver.Requests.ShouldBeEmpty();

        // The same request from a node that allows private networks arrives: the policy refused it, nothing else.
        using var delivered = await DeliveryClient(permissiveNode).PostAsync(url, new StringContent("{}"), TestContext.Current.CancellationToken);
        delivered.IsSuccessStatusCode.ShouldBeTrue();
        receiver.Requests.Count.ShouldBe(1);
    }

    private static HttpClient DeliveryClient(LinktorNode node) =>
        node.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookDeliveryWorker.HttpClientName);
}
