using System.Net;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Linktor.Testing.FakeProviders.Twilio;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Outbound;

/// <summary>Twilio and WhatsApp channels for the outbound policy tests, and their signed inbound attachments.</summary>
internal static class ProviderChannels
{
    public const string TwilioAccountSid = "AC5f0e1d2c3b4a59687766554433221100";
    public const string TwilioAuthToken = "twilio-auth-token-for-outbound-tests";
    public const string TwilioNumber = "+15017122661";
    public const string WhatsAppVerifyToken = "outbound-verify-token";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An SMS channel; <paramref name="apiBaseUrl"/> null means Twilio's own API.</summary>
    public static async Task<Channel> TwilioAsync(TestTenant tenant, string? apiBaseUrl, string authToken = TwilioAuthToken)
    {
        var config = new Dictionary<string, string> { ["account_sid"] = TwilioAccountSid, ["from"] = TwilioNumber };
        if (apiBaseUrl is not null)
        {
            config["api_base_url"] = apiBaseUrl;
        }

        return (await tenant.AdminApi.PostAsync("/api/v1/channels", new { type = "sms", name = "SMS", config, credentials = new { auth_token = authToken } }))
            .ShouldBe<Channel>(201);
    }

    /// <summary>A WhatsApp channel; <paramref name="apiBaseUrl"/> null means the Graph API.</summary>
    public static async Task<Channel> WhatsAppAsync(
        TestTenant tenant, string? apiBaseUrl, IReadOnlyDictionary<string, string>? extra = null, string accessToken = FakeWhatsApp.DefaultAccessToken,
        string appSecret = FakeWhatsApp.DefaultAppSecret, string verifyToken = WhatsAppVerifyToken)
    {
        var config = new Dictionary<string, string> { ["phone_number_id"] = FakeWhatsApp.DefaultPhoneNumberId };
        if (apiBaseUrl is not null)
        {
            config["api_base_url"] = apiBaseUrl;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        return (await tenant.AdminApi.PostAsync("/api/v1/channels", new
        {
            type = "whatsapp",
            name = "WhatsApp",
            config,
            credentials = new { access_token = accessToken, app_secret = appSecret, verify_token = verifyToken },
        })).ShouldBe<Channel>(201);
    }

    /// <summary>Posts a signed MMS whose one attachment is at <paramref name="mediaUrl"/>; the stored message's id.</summary>
    public static async Task<Guid> PostTwilioMmsAsync(TestTenant tenant, Channel channel, string mediaUrl, string authToken = TwilioAuthToken)
    {
        var sid = FakeTwilio.NewSid("MM");
        var form = FakeTwilio.InboundMms(TwilioAccountSid, TwilioNumber, "+15558675310", sid, "a photo", new TwilioMedia(mediaUrl, "image/jpeg"));
        using var request = FakeTwilio.SignedRequest(new Uri(channel.WebhookUrl), form, authToken);
        (await tenant.Node.Anonymous.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return await InboundIdAsync(tenant, sid);
    }

    /// <summary>Posts a signed WhatsApp image message naming <paramref name="mediaId"/>; the stored message's id.</summary>
    public static async Task<Guid> PostWhatsAppImageAsync(TestTenant tenant, Channel channel, string mediaId, string appSecret = FakeWhatsApp.DefaultAppSecret)
    {
        var wamid = $"wamid.{Guid.NewGuid():N}";
        var body = FakeWhatsApp.InboundImage(FakeWhatsApp.DefaultPhoneNumberId, "16505557777", wamid, mediaId);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(FakeWhatsApp.SignatureHeader, FakeWhatsApp.Signature(body, appSecret));
        (await tenant.Node.Anonymous.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return await InboundIdAsync(tenant, wamid);
    }

    /// <summary>Posts a signed WhatsApp text from <paramref name="from"/>, which opens the 24 h window for replies to them.</summary>
    public static async Task PostWhatsAppTextAsync(TestTenant tenant, Channel channel, string from, string appSecret = FakeWhatsApp.DefaultAppSecret)
    {
        var wamid = $"wamid.{Guid.NewGuid():N}";
        var body = FakeWhatsApp.InboundText(FakeWhatsApp.DefaultPhoneNumberId, from, wamid, "Hi, can you send me the invoice?");
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(FakeWhatsApp.SignatureHeader, FakeWhatsApp.Signature(body, appSecret));
        (await tenant.Node.Anonymous.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await InboundIdAsync(tenant, wamid);
    }

    /// <summary>Waits until the silo's copy of the attachment on arrival is over (copied, or given up for good), and says which.</summary>
    public static Task<string> CopyOutcomeAsync(TestTenant tenant, Guid messageId) =>
        Eventually.GetAsync(() => Sql.ScalarAsync<string>(tenant.Node.Database.DataSource,
                "SELECT status FROM media_copies WHERE message_id = $1 AND status <> 'pending'", messageId),
            Deadline, "the copy of the attachment taken on arrival is over", Ct);

    private static async Task<Guid> InboundIdAsync(TestTenant tenant, string externalId) =>
        (await Sql.ScalarAsync<Guid?>(tenant.Node.Database.DataSource,
            "SELECT id FROM messages WHERE tenant_id = $1 AND external_id = $2", tenant.Id, externalId)).ShouldNotBeNull("the message is stored");
}
