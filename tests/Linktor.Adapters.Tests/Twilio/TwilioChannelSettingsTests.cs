using Linktor.Adapters.Twilio;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

/// <summary>Validate, capabilities, rate limits and addresses: what a Twilio channel is before it sends anything.</summary>
public sealed class TwilioChannelSettingsTests
{
    private readonly IChannelAdapter _adapter = TwilioTestKit.Adapter();

    private static ChannelSettings With(Dictionary<string, string> config, Dictionary<string, string>? credentials = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), config, credentials ?? new Dictionary<string, string> { ["auth_token"] = "0123456789abcdef0123456789abcdef" });

    [Fact]
    public void TheAdapterIsTheSmsChannelType() => _adapter.Type.ShouldBe(ChannelType.Sms);

    [Fact]
    public void HostingRegistersOneAdapterAndANamedClientWithA30SecondTimeout()
    {
        using var services = new ServiceCollection().AddTwilioAdapter().AddTwilioAdapter().BuildServiceProvider();

        services.GetServices<IChannelAdapter>().ShouldHaveSingleItem().ShouldBeOfType<TwilioAdapter>();
        services.GetRequiredService<IHttpClientFactory>().CreateClient(TwilioAdapter.HttpClientName).Timeout.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void ANumberChannelIsValid() =>
        _adapter.Validate(With(new() { ["account_sid"] = AccountSid, ["from"] = ChannelNumber })).ShouldBeEmpty();

    [Fact]
    public void AMessagingServiceChannelWithCommonKeysIsValid() =>
        _adapter.Validate(With(new()
        {
            ["account_sid"] = AccountSid,
            ["messaging_service_sid"] = MessagingServiceSid,
            ["api_base_url"] = "http://127.0.0.1:5000",
            ["rate_limit_per_second"] = "10",
            ["rate_limit_burst"] = "5",
        })).ShouldBeEmpty();

    [Fact]
    public void MissingFieldsAreNamed()
    {
        var errors = _adapter.Validate(With([], []));

        errors.Keys.ShouldBe(["config.account_sid", "config.from", "credentials.auth_token"], ignoreOrder: true);
    }

    [Fact]
    public void UnknownKeysAreRefused()
    {
        var errors = _adapter.Validate(With(
            new() { ["account_sid"] = AccountSid, ["from"] = ChannelNumber, ["phone_number_id"] = "1" },
            new() { ["auth_token"] = "x", ["api_key"] = "y" }));

        errors.Keys.ShouldBe(["config.phone_number_id", "credentials.api_key"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("account_sid", "AC123", "config.account_sid")]
    [InlineData("account_sid", "XX3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9e", "config.account_sid")]
    [InlineData("account_sid", "AC3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9z", "config.account_sid")]
    [InlineData("from", "5017122661", "config.from")]
    [InlineData("from", "+1501712266a", "config.from")]
    [InlineData("api_base_url", "ftp://example.com", "config.api_base_url")]
    [InlineData("rate_limit_per_second", "-1", "config.rate_limit_per_second")]
    public void BadValuesAreRefused(string key, string value, string errorKey)
    {
        var config = new Dictionary<string, string> { ["account_sid"] = AccountSid, ["from"] = ChannelNumber, [key] = value };

        _adapter.Validate(With(config)).Keys.ShouldBe([errorKey]);
    }

    [Fact]
    public void ABadMessagingServiceSidIsRefused() =>
        _adapter.Validate(With(new() { ["account_sid"] = AccountSid, ["messaging_service_sid"] = "MG123" }))
            .Keys.ShouldBe(["config.messaging_service_sid"]);

    [Fact]
    public void BothANumberAndAMessagingServiceAreRefused() =>
        _adapter.Validate(With(new() { ["account_sid"] = AccountSid, ["from"] = ChannelNumber, ["messaging_service_sid"] = MessagingServiceSid }))
            .Keys.ShouldBe(["config.from"]);

    [Fact]
    public void CapabilitiesAreSmsAndMms()
    {
        var capabilities = _adapter.GetCapabilities(Settings());

        capabilities.ContentTypes.ShouldBe(
            [ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document, ContentTypes.Location],
            ignoreOrder: true);
        capabilities.MaxTextLength.ShouldBe(1600);
        capabilities.MaxMediaBytes.ShouldBe(5 * 1024 * 1024);
        capabilities.Interactive.ShouldBeFalse();
        capabilities.Templates.ShouldBeFalse();
        capabilities.DeliveryReceipts.ShouldBeTrue();
        capabilities.ReadReceipts.ShouldBeFalse();
        capabilities.CanInitiate.ShouldBeTrue();
        capabilities.ReplyWindow.ShouldBeNull();
    }

    [Fact]
    public void TheDefaultRateIsOneSegmentPerSecondOfAUsLongCode() =>
        _adapter.GetRateLimits(Settings()).ShouldBe(new ChannelRateLimits(1, 1));

    [Fact]
    public void AFasterSenderOverridesTheRateInConfig() =>
        _adapter.GetRateLimits(Settings(config: new Dictionary<string, string> { ["rate_limit_per_second"] = "100", ["rate_limit_burst"] = "20" }))
            .ShouldBe(new ChannelRateLimits(100, 20));

    [Theory]
    [InlineData("+15558675310", "+15558675310")]
    [InlineData("+1 (555) 867-5310", "+15558675310")]
    [InlineData(" +44 20.7946.0018 ", "+442079460018")]
    [InlineData("+49 30 901820", "+4930901820")]
    [InlineData("5558675310", null)]
    [InlineData("0015558675310", null)]
    [InlineData("+0555867531", null)]
    [InlineData("+1234567", null)]
    [InlineData("+1234567890123456", null)]
    [InlineData("+1555CALLNOW", null)]
    [InlineData("whatsapp:+15558675310", null)]
    [InlineData("()", null)]
    [InlineData("", null)]
    public void AddressesNormalizeToE164(string address, string? expected) =>
        _adapter.NormalizeAddress(address).ShouldBe(expected);
}
