using System.Text.Json;
using System.Web;
using Linktor.Adapters.Twilio;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.DependencyInjection;

namespace Linktor.Adapters.Tests.Twilio;

/// <summary>The Twilio channel the fixtures were made for, and ways to build adapters, settings and webhooks for it.</summary>
public static class TwilioTestKit
{
    public const string AccountSid = "AC3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9e";
    public const string ChannelNumber = "+15017122661";
    public const string Contact = "+15558675310";
    public const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";

    /// <summary>The signature vectors' auth token and URL (signatures.json, "twilio").</summary>
    public static string AuthToken => Vectors.GetProperty("auth_token").GetString()!;

    public static string WebhookUrl => Vectors.GetProperty("url").GetString()!;

    public static JsonElement Vectors => SignatureFile.GetProperty("twilio");

    public static JsonElement SignatureFile { get; } = JsonDocument.Parse(Fixtures.Text("signatures.json")).RootElement;

    /// <summary>The adapter as a host gets it, from <c>AddTwilioAdapter()</c>, with its named HttpClient.</summary>
    public static IChannelAdapter Adapter(TimeSpan? httpTimeout = null, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddTwilioAdapter(options => options.HttpTimeout = httpTimeout ?? options.HttpTimeout).AllowLoopbackFakes();
        return services.BuildServiceProvider().GetServices<IChannelAdapter>().Single(a => a.Type == ChannelType.Sms);
    }

    public static ChannelSettings Settings(
        Uri? apiBaseUrl = null,
        IReadOnlyDictionary<string, string>? config = null,
        string? authToken = null,
        Uri? webhookUrl = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TwilioConfigKeys.AccountSid] = AccountSid,
            [TwilioConfigKeys.From] = ChannelNumber,
        };
        if (apiBaseUrl is not null)
        {
            values[ChannelConfigKeys.ApiBaseUrl] = apiBaseUrl.AbsoluteUri;
        }

        foreach (var (key, value) in config ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return new ChannelSettings(
            Guid.Parse("9b2e7c41-3d5a-4f68-8e1b-2c3d4e5f6a7b"),
            Guid.Parse("9b2e7c41-3d5a-4f68-8e1b-2c3d4e5f6a7b"),
            values,
            new Dictionary<string, string> { [TwilioConfigKeys.AuthToken] = authToken ?? AuthToken })
        {
            WebhookUrl = webhookUrl,
        };
    }

    /// <summary>A webhook call as the ingress hands it over: POST, form body, the URL Twilio called.</summary>
    public static WebhookRequest Webhook(byte[] body, string? signature = null, string? url = null, string? contentType = "application/x-www-form-urlencoded")
    {
        var headers = new Dictionary<string, string>();
        if (signature is not null)
        {
            headers["x-twilio-signature"] = signature;
        }

        return new WebhookRequest { Method = "POST", Url = url ?? WebhookUrl, Headers = headers, Body = body, ContentType = contentType };
    }

    /// <summary>A fixture as Twilio posts it: its vector from signatures.json, or (fixtures without one) signed by the fake's signer.</summary>
    public static WebhookRequest FixtureWebhook(string name)
    {
        var signature = Vectors.GetProperty("vectors").TryGetProperty(name, out var vector)
            ? vector.GetString()
            : FakeTwilio.Signature(WebhookUrl, FixtureForm(name), AuthToken);
        return Webhook(Fixtures.Bytes(name), signature);
    }

    public static Dictionary<string, string> FixtureForm(string name)
    {
        var form = HttpUtility.ParseQueryString(Fixtures.Text(name));
        return form.AllKeys.ToDictionary(k => k!, k => form[k]!, StringComparer.Ordinal);
    }

    public static OutboundMessage Outbound(MessageContent content, string to = Contact, string? replyTo = null) => new(
        new MessageRecord
        {
            Id = Guid.NewGuid(),
            ConversationId = Guid.NewGuid(),
            ChannelId = Guid.NewGuid(),
            Seq = 1,
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(ActorType.Agent, Guid.NewGuid()),
            Content = content,
            Status = MessageStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
        },
        to,
        replyTo);
}
