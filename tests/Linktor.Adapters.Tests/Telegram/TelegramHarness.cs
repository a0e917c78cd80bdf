using Linktor.Adapters.Telegram;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>A <see cref="FakeTelegram"/> and the adapter as the host registers it, on a channel pointed at the fake.</summary>
internal sealed class TelegramHarness : IAsyncDisposable
{
    public const string SecretToken = "linktor_test_secret-TOKEN_0123456789";

    private readonly ServiceProvider _services;

    private TelegramHarness(FakeTelegram fake, ServiceProvider services)
    {
        Fake = fake;
        _services = services;
        Adapter = services.GetServices<IChannelAdapter>().Single(a => a.Type == ChannelType.Telegram);
        Settings = Channel(fake.BaseUrl.AbsoluteUri);
    }

    /// <summary>An adapter for what needs no provider (parsing, validation); its services live as long as the tests.</summary>
    public static IChannelAdapter OfflineAdapter { get; } = Services().GetServices<IChannelAdapter>().Single();

    public FakeTelegram Fake { get; }

    public IChannelAdapter Adapter { get; }

    public ChannelSettings Settings { get; }

    public static async Task<TelegramHarness> StartAsync(TimeSpan? clientTimeout = null)
    {
        var fake = new FakeTelegram();
        await fake.StartAsync();
        return new TelegramHarness(fake, Services(clientTimeout));
    }

    public static ServiceProvider Services(TimeSpan? clientTimeout = null) =>
        new ServiceCollection()
            .AddTelegramAdapter(options =>
            {
                if (clientTimeout is { } timeout)
                {
                    options.Timeout = timeout;
                }
            })
            .AllowLoopbackFakes()
            .BuildServiceProvider();

    /// <summary>A channel with valid credentials; <paramref name="apiBaseUrl"/> null means the real Bot API.</summary>
    public static ChannelSettings Channel(string? apiBaseUrl = null, string botToken = FakeTelegram.DefaultBotToken, string? secretToken = SecretToken)
    {
        var config = new Dictionary<string, string>();
        if (apiBaseUrl is not null)
        {
            config[ChannelConfigKeys.ApiBaseUrl] = apiBaseUrl;
        }

        var credentials = new Dictionary<string, string> { [TelegramSettingKeys.BotToken] = botToken };
        if (secretToken is not null)
        {
            credentials[TelegramSettingKeys.SecretToken] = secretToken;
        }

        return new ChannelSettings(Guid.NewGuid(), Guid.NewGuid(), config, credentials);
    }

    public Task<SendResult> SendAsync(MessageContent content, string to = "123456789", string? replyTo = null) =>
        Adapter.SendAsync(Settings, Outbound(content, to, replyTo), TestContext.Current.CancellationToken);

    public static OutboundMessage Outbound(MessageContent content, string to = "123456789", string? replyTo = null) => new(
        new MessageRecord
        {
            Id = Guid.NewGuid(),
            ConversationId = Guid.NewGuid(),
            ChannelId = Guid.NewGuid(),
            Seq = 1,
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(Contracts.Common.ActorType.Agent, Guid.NewGuid()),
            Content = content,
            Status = MessageStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
        },
        to,
        replyTo);

    /// <summary>A webhook call as the ingress hands it over (lower-case header names).</summary>
    public static WebhookRequest Hook(byte[] body, string? secretHeader = SecretToken) => new()
    {
        Method = "POST",
        Url = "https://linktor.example.com/hooks/9b2e7c41-3d5a-4f68-8e1b-2c3d4e5f6a7b",
        Headers = secretHeader is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [FakeTelegram.SecretHeaderName.ToLowerInvariant()] = secretHeader },
        Body = body,
        ContentType = "application/json",
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
