using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>Validation, generated verify token, address form, capabilities and rate limits.</summary>
public sealed class WhatsAppSettingsTests
{
    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();

    [Fact]
    public void TheAdapterIsRegisteredForWhatsapp() => _adapter.Type.ShouldBe(ChannelType.Whatsapp);

    [Fact]
    public void CompleteSettingsAreValid()
    {
        var settings = WhatsAppTestChannel.Settings(
            new Uri("https://graph.example.com/"),
            config:
            [
                new("business_account_id", "102290129340398"), new("api_version", "v22.0"), new("media_upload", "upload"),
                new("rate_limit_per_second", "20"), new("recipient_rate_limit_burst", "3"),
            ]);
        _adapter.Validate(settings).ShouldBeEmpty();
    }

    [Fact]
    public void RequiredFieldsAreNamed()
    {
        var settings = new ChannelSettings(Guid.NewGuid(), Guid.NewGuid(), new Dictionary<string, string>(), new Dictionary<string, string>());
        _adapter.Validate(settings).Keys.Order().ShouldBe(
            ["config.phone_number_id", "credentials.access_token", "credentials.app_secret", "credentials.verify_token"]);
    }

    [Fact]
    public void UnknownKeysAreRefused()
    {
        var errors = _adapter.Validate(WhatsAppTestChannel.Settings(config: [new("phone_number", "1")], credentials: [new("api_key", "x")]));
        errors.Keys.Order().ShouldBe(["config.phone_number", "credentials.api_key"]);
    }

    [Theory]
    [InlineData("phone_number_id", "+1 555 078 3881")]
    [InlineData("phone_number_id", "abc")]
    [InlineData("business_account_id", "waba-1")]
    [InlineData("api_version", "21.0")]
    [InlineData("api_version", "latest")]
    [InlineData("media_upload", "always")]
    [InlineData("api_base_url", "graph.facebook.com")]
    [InlineData("rate_limit_per_second", "-1")]
    public void BadConfigValuesAreRefused(string key, string value) =>
        _adapter.Validate(WhatsAppTestChannel.Settings(config: [new(key, value)])).Keys.ShouldBe([$"config.{key}"]);

    [Fact]
    public void CredentialsWithWhitespaceAreRefused() =>
        _adapter.Validate(WhatsAppTestChannel.Settings(credentials: [new("access_token", "EAAG token\n")])).Keys.ShouldBe(["credentials.access_token"]);

    [Fact]
    public void AMissingVerifyTokenIsRefusedRatherThanGeneratedUnseen()
    {
        var settings = WhatsAppTestChannel.Settings(credentials: [new("verify_token", "")]);

        _adapter.Prepare(settings).Secret("verify_token").ShouldBeNull("credentials are write-only: a generated token could never be entered at Meta");
        _adapter.Validate(_adapter.Prepare(settings)).Keys.ShouldBe(["credentials.verify_token"]);
    }

    [Theory]
    [InlineData("+1 (650) 555-1234", "16505551234")]
    [InlineData("16505551234", "16505551234")]
    [InlineData("+49 151 1234 5678", "4915112345678")]
    [InlineData("+55-11-98765-4321", "5511987654321")]
    [InlineData(" +351 912 345 678 ", "351912345678")]
    public void AddressesBecomeWaIds(string address, string expected) =>
        _adapter.NormalizeAddress(address).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("1234567")] // 7 digits: no international number
    [InlineData("1234567890123456")] // 16 digits: longer than E.164
    [InlineData("+1 650 CALL NOW")]
    [InlineData("ana@example.com")]
    [InlineData("++16505551234")]
    [InlineData("0016505551234")]
    public void NonNumbersAreNotAddresses(string address) =>
        _adapter.NormalizeAddress(address).ShouldBeNull();

    [Fact]
    public void Capabilities()
    {
        var capabilities = _adapter.GetCapabilities(WhatsAppTestChannel.Settings());

        capabilities.ContentTypes.ShouldBe(
        [
            ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document, ContentTypes.Sticker,
            ContentTypes.Location, ContentTypes.Contacts, ContentTypes.Interactive, ContentTypes.Template, ContentTypes.Reaction,
        ], ignoreOrder: true);
        capabilities.MaxTextLength.ShouldBe(4096);
        capabilities.MaxMediaBytes.ShouldBe(100L * 1024 * 1024);
        capabilities.Interactive.ShouldBeTrue();
        capabilities.Templates.ShouldBeTrue();
        capabilities.DeliveryReceipts.ShouldBeTrue();
        capabilities.ReadReceipts.ShouldBeTrue();
        capabilities.CanInitiate.ShouldBeTrue();
        capabilities.ReplyWindow.ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void RateLimitsDefaultToMetasThroughputAndPairRate()
    {
        var limits = _adapter.GetRateLimits(WhatsAppTestChannel.Settings());

        limits.PerSecond.ShouldBe(80);
        limits.Burst.ShouldBe(80);
        limits.RecipientPerSecond.ShouldBe(1.0 / 6);
        limits.RecipientBurst.ShouldBe(10);
    }

    [Fact]
    public void RateLimitsTakeConfigOverrides()
    {
        var limits = _adapter.GetRateLimits(WhatsAppTestChannel.Settings(config:
        [
            new("rate_limit_per_second", "1000"), new("rate_limit_burst", "500"),
            new("recipient_rate_limit_per_second", "0.5"), new("recipient_rate_limit_burst", "2"),
        ]));

        limits.ShouldBe(new ChannelRateLimits(1000, 500, 0.5, 2));
    }
}
