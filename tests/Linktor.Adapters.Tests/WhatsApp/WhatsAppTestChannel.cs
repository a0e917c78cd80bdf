using Linktor.Adapters.WhatsApp;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.DependencyInjection;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>A WhatsApp adapter built as the host builds it, and channel settings pointing at a fake.</summary>
internal static class WhatsAppTestChannel
{
    public const string Recipient = "16505551234";

    public const string VerifyToken = "meatyhamhock";

    /// <summary>The adapter from a real <c>AddWhatsAppAdapter()</c> registration (named HttpClient included).</summary>
    public static IChannelAdapter Adapter(Action<WhatsAppAdapterOptions>? configure = null, bool allowLoopback = true)
    {
        var services = new ServiceCollection().AddWhatsAppAdapter(configure);
        if (allowLoopback)
        {
            services.AllowLoopbackFakes();
        }

        return services.BuildServiceProvider().GetRequiredService<IChannelAdapter>();
    }

    public static ChannelSettings Settings(
        Uri? baseUrl = null,
        IEnumerable<KeyValuePair<string, string>>? config = null,
        IEnumerable<KeyValuePair<string, string>>? credentials = null)
    {
        var configValues = new Dictionary<string, string> { [WhatsAppConfigKeys.PhoneNumberId] = FakeWhatsApp.DefaultPhoneNumberId };
        if (baseUrl is not null)
        {
            configValues[ChannelConfigKeys.ApiBaseUrl] = baseUrl.ToString();
        }

        var secrets = new Dictionary<string, string>
        {
            [WhatsAppCredentialKeys.AccessToken] = FakeWhatsApp.DefaultAccessToken,
            [WhatsAppCredentialKeys.AppSecret] = FakeWhatsApp.DefaultAppSecret,
            [WhatsAppCredentialKeys.VerifyToken] = VerifyToken,
        };
        foreach (var (key, value) in config ?? [])
        {
            configValues[key] = value;
        }

        foreach (var (key, value) in credentials ?? [])
        {
            secrets[key] = value;
        }

        return new ChannelSettings(Guid.NewGuid(), Guid.NewGuid(), configValues, secrets);
    }

    public static OutboundMessage Outbound(MessageContent content, string to = Recipient, string? replyTo = null) =>
        new(new MessageRecord
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
        }, to, replyTo);
}
