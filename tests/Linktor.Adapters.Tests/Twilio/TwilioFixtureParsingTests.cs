using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

/// <summary>Every Twilio webhook fixture parses to every canonical field the fixtures README lists for it.</summary>
public sealed class TwilioFixtureParsingTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 14, 8, 0, 0, TimeSpan.Zero);
    private readonly IChannelAdapter _adapter = Adapter(clock: new FixedClock(Now));

    private IReadOnlyList<InboundEvent> Parse(string fixture)
    {
        var request = FixtureWebhook(fixture);
        _adapter.VerifyWebhook(Settings(), request).Accepted.ShouldBeTrue();
        return _adapter.ParseWebhook(Settings(), request);
    }

    [Fact]
    public void InboundSmsIsOneTextMessageFromTheSenderWithoutATimestamp()
    {
        var inbound = Parse("twilio_sms_inbound.form").ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();

        inbound.SenderAddress.ShouldBe("+15558675310");
        inbound.Message.ExternalId.ShouldBe("SM5ab7891328b440f04b7c83b459fc85fd");
        inbound.Message.SentAt.ShouldBeNull(); // no timestamp in Twilio's payload: the ingress uses receive time
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Text);
        inbound.Message.Content.Text.ShouldBe("Hi! Is my order #4521 ready?");
        inbound.Message.Profile.ShouldNotBeNull().Phone.ShouldBe("+15558675310");
        inbound.ReplyToExternalId.ShouldBeNull();
    }

    [Fact]
    public void InboundMmsIsOneMessagePerAttachmentWithTheBodyAsTheFirstCaption()
    {
        var events = Parse("twilio_mms_inbound.form").Cast<InboundMessageEvent>().ToList();

        events.Count.ShouldBe(2);
        events.ShouldAllBe(e => e.SenderAddress == "+15558675310" && e.Message.SentAt == null && e.Message.Profile!.Phone == "+15558675310");

        var first = events[0].Message;
        first.ExternalId.ShouldBe("MM1f0a2b3c4d5e6f708192a3b4c5d6e7f8");
        first.Content.Type.ShouldBe(ContentTypes.Image);
        first.Content.Media.ShouldNotBeNull().MimeType.ShouldBe("image/jpeg");
        first.Content.Media.ProviderMediaId.ShouldBe(
            "https://api.twilio.com/2010-04-01/Accounts/AC3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9e/Messages/MM1f0a2b3c4d5e6f708192a3b4c5d6e7f8/Media/ME0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        first.Content.Media.Caption.ShouldBe("Photos of the damaged box");

        var second = events[1].Message;
        second.ExternalId.ShouldBe("MM1f0a2b3c4d5e6f708192a3b4c5d6e7f8/1");
        second.Content.Type.ShouldBe(ContentTypes.Image);
        second.Content.Media.ShouldNotBeNull().MimeType.ShouldBe("image/png");
        second.Content.Media.ProviderMediaId.ShouldBe(
            "https://api.twilio.com/2010-04-01/Accounts/AC3d6b2a4e9f1c8b7a6d5e4f3a2b1c0d9e/Messages/MM1f0a2b3c4d5e6f708192a3b4c5d6e7f8/Media/ME9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        second.Content.Media.Caption.ShouldBeNull();
    }

    [Fact]
    public void StatusSentHasNoCarrierTimeSoItIsTheReceiveTime()
    {
        var status = Parse("twilio_status_sent.form").ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();

        status.ExternalId.ShouldBe("SM0b6e2697aae04182a9f5b5c7a8994c7f");
        status.Status.ShouldBe(MessageStatus.Sent);
        status.At.ShouldBe(Now);
        status.Error.ShouldBeNull();
        status.RecipientAddress.ShouldBe("+15558675310");
    }

    [Fact]
    public void StatusDeliveredIsDatedByTheCarriersDoneDate()
    {
        var status = Parse("twilio_status_delivered.form").ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();

        status.ExternalId.ShouldBe("SM0b6e2697aae04182a9f5b5c7a8994c7f");
        status.Status.ShouldBe(MessageStatus.Delivered);
        status.At.ShouldBe(new DateTimeOffset(2025, 6, 13, 22, 49, 0, TimeSpan.Zero)); // RawDlrDoneDate 2506132249
        status.Error.ShouldBeNull();
        status.RecipientAddress.ShouldBe("+15558675310");
    }

    [Fact]
    public void StatusUndeliveredFailsWithTheMappedErrorCode()
    {
        var status = Parse("twilio_status_undelivered.form").ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();

        status.ExternalId.ShouldBe("SM0b6e2697aae04182a9f5b5c7a8994c7f");
        status.Status.ShouldBe(MessageStatus.Failed);
        status.At.ShouldBe(new DateTimeOffset(2025, 6, 13, 22, 50, 0, TimeSpan.Zero));
        status.Error.ShouldBe(new MessageError("recipient_unreachable", "Twilio 30003: Unreachable destination handset"));
        status.RecipientAddress.ShouldBe("+15558675310");
    }

    [Fact]
    public void EveryTwilioMessagingFixtureHasATest()
    {
        // Voice webhooks (twilio_voice_*) belong to the voice channel, not to the SMS/MMS adapter.
        Fixtures.Named("twilio_")
            .Where(n => n.EndsWith(".form", StringComparison.Ordinal) && !n.StartsWith("twilio_voice_", StringComparison.Ordinal))
            .ShouldBe(
        [
            "twilio_mms_inbound.form", "twilio_sms_inbound.form", "twilio_status_delivered.form",
            "twilio_status_sent.form", "twilio_status_undelivered.form",
        ]);
    }
}
