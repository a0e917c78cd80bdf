using Linktor.Adapters.Telegram;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>Validate, Prepare, NormalizeAddress, capabilities and rate limits.</summary>
public sealed class TelegramSettingsTests
{
    private static readonly IChannelAdapter Adapter = TelegramHarness.OfflineAdapter;

    private static ChannelSettings With(ChannelSettings settings, string? config = null, string? credential = null, string value = "x")
    {
        var configs = new Dictionary<string, string>(settings.Config);
        var credentials = new Dictionary<string, string>(settings.Credentials);
        if (config is not null)
        {
            configs[config] = value;
        }

        if (credential is not null)
        {
            credentials[credential] = value;
        }

        return settings with { Config = configs, Credentials = credentials };
    }

    [Fact]
    public void ACompleteChannelIsValid()
    {
        Adapter.Validate(TelegramHarness.Channel("https://api.telegram.org")).ShouldBeEmpty();
        Adapter.Validate(With(TelegramHarness.Channel(), config: ChannelConfigKeys.RatePerSecond, value: "10")).ShouldBeEmpty();
    }

    [Fact]
    public void TheBotTokenIsRequired()
    {
        var settings = TelegramHarness.Channel() with { Credentials = new Dictionary<string, string>() };
        Adapter.Validate(settings).Keys.ShouldBe(["credentials.bot_token"]);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("123456789:short")]
    [InlineData("abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0")]
    [InlineData("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/x")]
    public void AMalformedBotTokenIsRefused(string token) =>
        Adapter.Validate(TelegramHarness.Channel(botToken: token)).Keys.ShouldBe(["credentials.bot_token"]);

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("dot.not.allowed")]
    public void AMalformedSecretTokenIsRefused(string secret) =>
        Adapter.Validate(With(TelegramHarness.Channel(), credential: TelegramSettingKeys.SecretToken, value: secret)).Keys.ShouldBe(["credentials.secret_token"]);

    [Fact]
    public void ASecretTokenOf256CharactersIsTheLongestAllowed()
    {
        Adapter.Validate(TelegramHarness.Channel(secretToken: new string('a', 256))).ShouldBeEmpty();
        Adapter.Validate(TelegramHarness.Channel(secretToken: new string('a', 257))).Keys.ShouldBe(["credentials.secret_token"]);
    }

    [Fact]
    public void UnknownKeysAreRefused()
    {
        var errors = Adapter.Validate(With(With(TelegramHarness.Channel(), config: "phone_number_id"), credential: "api_key"));
        errors.Keys.Order().ShouldBe(["config.phone_number_id", "credentials.api_key"]);
    }

    [Fact]
    public void CommonKeysAreChecked()
    {
        var errors = Adapter.Validate(With(With(TelegramHarness.Channel(), config: ChannelConfigKeys.ApiBaseUrl, value: "ftp://x"), config: ChannelConfigKeys.RateBurst, value: "-1"));
        errors.Keys.Order().ShouldBe(["config.api_base_url", "config.rate_limit_burst"]);
    }

    [Fact]
    public void PrepareGeneratesAValidSecretTokenWhenThereIsNone()
    {
        var bare = TelegramHarness.Channel(secretToken: null);
        var first = Adapter.Prepare(bare);
        var second = Adapter.Prepare(bare);
        var secret = first.Secret(TelegramSettingKeys.SecretToken).ShouldNotBeNull();
        secret.Length.ShouldBe(48);
        secret.ShouldNotBe(second.Secret(TelegramSettingKeys.SecretToken));
        first.Secret(TelegramSettingKeys.BotToken).ShouldBe(bare.Secret(TelegramSettingKeys.BotToken));
        Adapter.Validate(first).ShouldBeEmpty();
    }

    [Fact]
    public void PrepareKeepsAGivenSecretToken() =>
        Adapter.Prepare(TelegramHarness.Channel()).Secret(TelegramSettingKeys.SecretToken).ShouldBe(TelegramHarness.SecretToken);

    [Theory]
    [InlineData("123456789", "123456789")]
    [InlineData(" -1001234567890 ", "-1001234567890")]
    [InlineData("+42", "42")]
    [InlineData("007", "7")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    public void ChatIdsNormalizeToTheirDecimalForm(string address, string canonical) =>
        Adapter.NormalizeAddress(address).ShouldBe(canonical);

    [Theory]
    [InlineData("@acme_channel")]
    [InlineData("ana_dev")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void OtherAddressesAreNotTelegramChats(string address) => Adapter.NormalizeAddress(address).ShouldBeNull();

    [Fact]
    public void Capabilities()
    {
        var capabilities = Adapter.GetCapabilities(TelegramHarness.Channel());
        capabilities.ContentTypes.ShouldBe(
        [
            ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document,
            ContentTypes.Sticker, ContentTypes.Location, ContentTypes.Contacts, ContentTypes.Interactive, ContentTypes.Reaction,
        ], ignoreOrder: true);
        capabilities.MaxTextLength.ShouldBe(4096);
        capabilities.MaxMediaBytes.ShouldBe(20 * 1024 * 1024);
        capabilities.Interactive.ShouldBeTrue();
        capabilities.Templates.ShouldBeFalse();
        capabilities.DeliveryReceipts.ShouldBeFalse();
        capabilities.ReadReceipts.ShouldBeFalse();
        capabilities.CanInitiate.ShouldBeTrue();
        capabilities.ReplyWindow.ShouldBeNull();
        Adapter.Type.ShouldBe(ChannelType.Telegram);
    }

    [Fact]
    public void RateLimitsDefaultToTheBotFaq()
    {
        Adapter.GetRateLimits(TelegramHarness.Channel()).ShouldBe(new ChannelRateLimits(30, 30, 1, 3));
    }

    [Fact]
    public void RateLimitsCanBeOverridden()
    {
        var settings = With(With(With(TelegramHarness.Channel(),
            config: ChannelConfigKeys.RatePerSecond, value: "5"),
            config: ChannelConfigKeys.RecipientRatePerSecond, value: "0.5"),
            config: ChannelConfigKeys.RecipientRateBurst, value: "1");
        Adapter.GetRateLimits(settings).ShouldBe(new ChannelRateLimits(5, 30, 0.5, 1));
    }

    [Fact]
    public void RegisteringTwiceKeepsOneAdapter()
    {
        using var services = new ServiceCollection().AddTelegramAdapter().AddTelegramAdapter().BuildServiceProvider();
        services.GetServices<IChannelAdapter>().ShouldHaveSingleItem();
    }
}
