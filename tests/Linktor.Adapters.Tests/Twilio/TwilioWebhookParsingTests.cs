using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Linktor.Testing.FakeProviders.Twilio;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

/// <summary>Webhook shapes beyond the fixtures: built with the fake's payload builders (which the lead's end-to-end tests use too).</summary>
public sealed class TwilioWebhookParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly IChannelAdapter _adapter = Adapter(clock: new FixedClock(Now));

    private IReadOnlyList<InboundEvent> Parse(IReadOnlyDictionary<string, string> form) =>
        _adapter.ParseWebhook(Settings(), Webhook(FakeTwilio.FormBody(form)));

    [Fact]
    public void TheFakesInboundSmsParsesToItsSenderIdAndText()
    {
        var inbound = Parse(FakeTwilio.InboundSms(AccountSid, ChannelNumber, Contact, "SMaaa", "Olá, 50% off? a+b=c & more"))
            .ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();

        inbound.SenderAddress.ShouldBe(Contact);
        inbound.Message.ExternalId.ShouldBe("SMaaa");
        inbound.Message.Content.Text.ShouldBe("Olá, 50% off? a+b=c & more");
    }

    [Fact]
    public void AProfileNameFillsTheProfile()
    {
        var form = FakeTwilio.InboundSms(AccountSid, ChannelNumber, Contact, "SMaaa", "hi");
        form["ProfileName"] = "Ana Silva";

        var inbound = Parse(form).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();

        inbound.Message.Profile.ShouldBe(new ContactProfileHint { Name = "Ana Silva", Phone = Contact });
    }

    [Fact]
    public void MmsAttachmentsAreTypedByTheirMimeAndNumberedAfterTheFirst()
    {
        var form = FakeTwilio.InboundMms(AccountSid, ChannelNumber, Contact, "MMbbb", "",
            new TwilioMedia("https://api.twilio.com/m/0", "video/mp4"),
            new TwilioMedia("https://api.twilio.com/m/1", "audio/amr"),
            new TwilioMedia("https://api.twilio.com/m/2", "application/pdf"),
            new TwilioMedia("https://api.twilio.com/m/3", "text/vcard"));

        var messages = Parse(form).Cast<InboundMessageEvent>().Select(e => e.Message).ToList();

        messages.Select(m => m.ExternalId).ShouldBe(["MMbbb", "MMbbb/1", "MMbbb/2", "MMbbb/3"]);
        messages.Select(m => m.Content.Type).ShouldBe([ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document, ContentTypes.Document]);
        messages.Select(m => m.Content.Media!.ProviderMediaId).ShouldBe(["https://api.twilio.com/m/0", "https://api.twilio.com/m/1", "https://api.twilio.com/m/2", "https://api.twilio.com/m/3"]);
        messages[0].Content.Media!.Caption.ShouldBeNull(); // an empty Body is no caption
    }

    [Theory]
    [InlineData("sent", MessageStatus.Sent)]
    [InlineData("delivered", MessageStatus.Delivered)]
    [InlineData("read", MessageStatus.Read)]
    [InlineData("undelivered", MessageStatus.Failed)]
    [InlineData("failed", MessageStatus.Failed)]
    public void StatusCallbacksMapToCanonicalStatuses(string twilioStatus, MessageStatus expected)
    {
        var status = Parse(FakeTwilio.StatusCallback(AccountSid, "SMccc", twilioStatus, ChannelNumber, Contact))
            .ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();

        status.ExternalId.ShouldBe("SMccc");
        status.Status.ShouldBe(expected);
        status.At.ShouldBe(Now);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("sending")]
    [InlineData("accepted")]
    [InlineData("scheduled")]
    [InlineData("something_new")]
    public void IntermediateAndUnknownStatusesGiveNoEvent(string twilioStatus) =>
        Parse(FakeTwilio.StatusCallback(AccountSid, "SMccc", twilioStatus, ChannelNumber, Contact)).ShouldBeEmpty();

    [Theory]
    [InlineData("30003", "recipient_unreachable")]
    [InlineData("30004", "recipient_blocked")]
    [InlineData("30005", "invalid_recipient")]
    [InlineData("30006", "invalid_recipient")]
    [InlineData("30007", "carrier_filtered")]
    [InlineData("21610", "recipient_unsubscribed")]
    [InlineData("39999", "provider_error")]
    public void FailureCodesMapToLinktorCodesKeepingTwiliosCodeInTheMessage(string errorCode, string expected)
    {
        var status = Parse(FakeTwilio.StatusCallback(AccountSid, "SMccc", "failed", ChannelNumber, Contact, errorCode))
            .ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();

        status.Error.ShouldNotBeNull().Code.ShouldBe(expected);
        status.Error.Message.ShouldStartWith($"Twilio {errorCode}");
    }

    [Fact]
    public void AFailureWithoutAnErrorCodeStillHasAnError()
    {
        var status = Parse(FakeTwilio.StatusCallback(AccountSid, "SMccc", "undelivered", ChannelNumber, Contact))
            .ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();

        status.Error.ShouldNotBeNull().Code.ShouldBe("provider_error");
    }

    [Fact]
    public void WebhooksOfAnotherAccountAreSkipped()
    {
        Parse(FakeTwilio.InboundSms("AC00000000000000000000000000000000", ChannelNumber, Contact, "SMddd", "hi")).ShouldBeEmpty();
        Parse(FakeTwilio.StatusCallback("AC00000000000000000000000000000000", "SMddd", "delivered", ChannelNumber, Contact)).ShouldBeEmpty();
    }

    [Fact]
    public void AFormThatIsNeitherAMessageNorAStatusIsSkipped() =>
        Parse(new Dictionary<string, string> { ["AccountSid"] = AccountSid, ["CallSid"] = "CA1", ["CallStatus"] = "ringing" }).ShouldBeEmpty();

    [Fact]
    public void AJsonBodyIsAFormatError() =>
        Should.Throw<WebhookFormatException>(() =>
            _adapter.ParseWebhook(Settings(), Webhook("{\"Body\":\"hi\"}"u8.ToArray(), contentType: "application/json")));

    [Fact]
    public void AnEmptyBodyIsAFormatError() =>
        Should.Throw<WebhookFormatException>(() => _adapter.ParseWebhook(Settings(), Webhook([])));

    [Fact]
    public void ABodyThatIsNotUtf8IsAFormatError() =>
        Should.Throw<WebhookFormatException>(() => _adapter.ParseWebhook(Settings(), Webhook([0xff, 0xfe, 0x41])));

    [Fact]
    public void AnInboundMessageWithoutASidIsAFormatError() =>
        Should.Throw<WebhookFormatException>(() => Parse(new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid, ["SmsStatus"] = "received", ["From"] = Contact, ["Body"] = "hi",
        }));

    [Fact]
    public void AGetWebhookIsReadFromItsQuery()
    {
        var request = new WebhookRequest
        {
            Method = "GET",
            Url = WebhookUrl,
            Query = FakeTwilio.InboundSms(AccountSid, ChannelNumber, Contact, "SMeee", "by query"),
        };

        var inbound = _adapter.ParseWebhook(Settings(), request).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();

        inbound.Message.Content.Text.ShouldBe("by query");
    }
}
