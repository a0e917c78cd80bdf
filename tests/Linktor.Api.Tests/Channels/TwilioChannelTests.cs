using System.Net;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Channels;

/// <summary>
/// A Twilio SMS channel end to end against a fake Twilio REST API: form webhooks signed over the URL and the
/// sorted fields, status callbacks to the channel's own URL, and opt-outs as permanent failures.
/// </summary>
public sealed class TwilioChannelTests(ProviderNode node) : IClassFixture<ProviderNode>, IAsyncLifetime
{
    private const string AccountSid = "AC3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9e";
    private const string AuthToken = "twilio-auth-token-for-tests";
    private const string From = "+15017122661";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTwilio _fake = new(AccountSid, AuthToken);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NpgsqlDataSource Db => node.Database.DataSource;

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ASignedSmsIsStoredAndATamperedOneIsRefused()
    {
        var (tenant, channel) = await ChannelAsync();
        var sms = FakeTwilio.InboundSms(AccountSid, From, "+15558675310", "SM5ab7891328b440f04b7c83b459fc85fd", "Hi! Is my order #4521 ready?");
        var before = await tenant.SnapshotAsync();

        var forged = new Dictionary<string, string>(sms) { ["Body"] = "Send me a refund" };
        using (var request = FakeTwilio.SignedRequest(new Uri(channel.WebhookUrl), sms, AuthToken))
        {
            request.Content = new ByteArrayContent(FakeTwilio.FormBody(forged));
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
            (await node.Anonymous.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the signature covers every field");
        }

        (await tenant.SnapshotAsync()).ShouldBe(before);
        using var signed = FakeTwilio.SignedRequest(new Uri(channel.WebhookUrl), sms, AuthToken);
        var response = await node.Anonymous.SendAsync(signed, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/xml");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe("<Response></Response>", "empty TwiML: stored, no automatic reply");
        var body = await Sql.ScalarAsync<string>(Db,
            "SELECT body FROM messages WHERE tenant_id = $1 AND external_id = 'SM5ab7891328b440f04b7c83b459fc85fd'", tenant.Id);
        body.ShouldBe("Hi! Is my order #4521 ready?");
    }

    [Fact]
    public async Task RepliesCarryTheStatusCallbackAndOptOutsFailForGood()
    {
        var (tenant, channel) = await ChannelAsync();
        _fake.OptOut("+15558670000");

        var toOptedOut = (await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = "+1 (555) 867-0000", content = new { type = "text", text = "Your code is 1234" } })).ShouldBe<Message>(202);
        var toCustomer = (await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = "+15558671111", content = new { type = "text", text = "Your order shipped" } })).ShouldBe<Message>(202);

        var failed = await FinalAsync(tenant, toOptedOut.Id);
        failed.Status.ShouldBe("failed");
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{toOptedOut.Id}")).Json.GetProperty("error").GetProperty("code").GetString()
            .ShouldBe("recipient_unsubscribed");
        var sent = await FinalAsync(tenant, toCustomer.Id);
        sent.Status.ShouldBe("sent");
        var request = _fake.SentMessages.ShouldHaveSingleItem();
        (request.To, request.From, request.Body, request.StatusCallback).ShouldBe(("+15558671111", From, "Your order shipped", channel.WebhookUrl));

        using var callback = FakeTwilio.SignedRequest(new Uri(channel.WebhookUrl),
            FakeTwilio.StatusCallback(AccountSid, sent.ExternalId!, "delivered", From, "+15558671111"), AuthToken);
        (await node.Anonymous.SendAsync(callback, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var delivered = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{toCustomer.Id}")).ShouldBe<Message>(200);
        delivered.Status.ShouldBe("delivered");
        delivered.StatusHistory.ShouldNotBeNull().Select(h => h.Status).ShouldBe(["queued", "sent", "delivered"]);
    }

    private async Task<(TestTenant Tenant, Channel Channel)> ChannelAsync()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = (await tenant.AdminApi.PostAsync("/api/v1/channels", new
        {
            type = "sms",
            name = "SMS",
            config = new Dictionary<string, string>
            {
                ["api_base_url"] = _fake.BaseUrl.ToString(), ["account_sid"] = AccountSid, ["from"] = From, ["rate_limit_per_second"] = "50",
            },
            credentials = new { auth_token = AuthToken },
        })).ShouldBe<Channel>(201);
        return (tenant, channel);
    }

    private static Task<Message> FinalAsync(TestTenant tenant, Guid id) =>
        Eventually.GetAsync(async () =>
            (await tenant.AdminApi.GetAsync($"/api/v1/messages/{id}")).As<Message>() is { Status: "sent" or "failed" } m ? m : null,
            Deadline, $"the outbox finishes with {id}", Ct);
}
