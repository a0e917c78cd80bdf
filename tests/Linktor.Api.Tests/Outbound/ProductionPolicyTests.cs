using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Outbound;

/// <summary>
/// The outbound policy as production has it (no custom API base URLs, no private networks): a tenant admin cannot
/// point a channel, or an agent a media URL, at the network Linktor runs in.
/// </summary>
public sealed class ProductionPolicyTests(ProductionPolicyNode node) : IClassFixture<ProductionPolicyNode>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("sms", "http://169.254.169.254/")]
    [InlineData("sms", "https://api.twilio.com.attacker.example/")]
    [InlineData("whatsapp", "http://127.0.0.1:8080/")]
    [InlineData("whatsapp", "http://graph.facebook.com/")]
    [InlineData("telegram", "https://api.telegram.org:8443/")]
    [InlineData("telegram", "http://10.0.0.5/")]
    public async Task AnApiBaseUrlThatIsNotTheProvidersIsRefusedOnCreate(string type, string apiBaseUrl)
    {
        var tenant = await TestTenant.CreateAsync(node);
        var before = await tenant.SnapshotAsync();

        var problem = (await tenant.AdminApi.PostAsync("/api/v1/channels", Draft(type, apiBaseUrl))).ShouldBeProblem(422, "destination_not_allowed");

        problem.Errors.ShouldNotBeNull().Keys.ShouldBe(["config.api_base_url"]);
        problem.Errors["config.api_base_url"].ShouldHaveSingleItem().ShouldContain("Linktor:Channels:AllowCustomApiBaseUrl");
        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task TheProvidersOwnBaseUrlIsAcceptedAndAnotherOneRefusedOnPatch()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.TwilioAsync(tenant, "https://api.twilio.com/");
        var before = await tenant.SnapshotAsync();

        var problem = (await tenant.AdminApi.PatchAsync($"/api/v1/channels/{channel.Id}", new
        {
            config = new Dictionary<string, string> { ["api_base_url"] = "http://169.254.169.254/" },
            credentials = new { auth_token = ProviderChannels.TwilioAuthToken },
        })).ShouldBeProblem(422, "destination_not_allowed");

        problem.Errors.ShouldNotBeNull().Keys.ShouldContain("config.api_base_url");
        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AnAgentsMediaUrlIntoTheNetworkIsNotFetchedForUpload()
    {
        await using var internalService = new FakeWhatsApp();
        await internalService.StartAsync();
        var secret = internalService.AddPublicFile("credentials.jpg", [1, 2, 3], "image/jpeg");
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await ProviderChannels.WhatsAppAsync(tenant, apiBaseUrl: null, new Dictionary<string, string> { ["media_upload"] = "upload" });

        await ProviderChannels.PostWhatsAppTextAsync(tenant, channel, "16505557777");

        var sent = (await tenant.AdminApi.PostAsync("/api/v1/messages", new
        {
            channel_id = channel.Id,
            to = "16505557777",
            content = new { type = "image", media = new { url = secret.ToString(), mime_type = "image/jpeg" } },
        })).ShouldBe<Message>(202);

        var failed = await Eventually.GetAsync(async () =>
            (await tenant.AdminApi.GetAsync($"/api/v1/messages/{sent.Id}")).As<Message>() is { Status: "failed" } m ? m : null,
            Deadline, "the send fails", TestContext.Current.CancellationToken);
        var error = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{failed.Id}")).Json.GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("media_unavailable");
        error.GetProperty("message").GetString().ShouldNotBeNull().ShouldContain("AllowPrivateNetworks");
        internalService.Requests.ShouldBeEmpty("the node never connected to the address the agent named");
    }

    private static object Draft(string type, string apiBaseUrl) => type switch
    {
        "sms" => new
        {
            type, name = "SMS",
            config = new Dictionary<string, string> { ["api_base_url"] = apiBaseUrl, ["account_sid"] = ProviderChannels.TwilioAccountSid, ["from"] = ProviderChannels.TwilioNumber },
            credentials = new { auth_token = ProviderChannels.TwilioAuthToken },
        },
        "whatsapp" => new
        {
            type, name = "WhatsApp",
            config = new Dictionary<string, string> { ["api_base_url"] = apiBaseUrl, ["phone_number_id"] = FakeWhatsApp.DefaultPhoneNumberId },
            credentials = new { access_token = FakeWhatsApp.DefaultAccessToken, app_secret = FakeWhatsApp.DefaultAppSecret, verify_token = "v" },
        },
        _ => (object)new
        {
            type, name = "Bot",
            config = new Dictionary<string, string> { ["api_base_url"] = apiBaseUrl },
            credentials = new { bot_token = FakeTelegram.DefaultBotToken },
        },
    };
}
