using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>Every WhatsApp webhook fixture parses to every canonical field shared/fixtures/README.md lists for it.</summary>
public sealed class WhatsAppFixtureTests
{
    private const string Sender = "16505551234";
    private const string SenderName = "Kerry Fisher";
    private const string OurMessage = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();

    [Fact]
    public void Text()
    {
        var message = Message("whatsapp_inbound_text.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBQzE4NkM5RDRGQjU0QzE2NjA4AA=", "2025-06-13T22:42:55Z");
        message.Message.Content.Type.ShouldBe(ContentTypes.Text);
        message.Message.Content.Text.ShouldBe("Hi, I'd like to check the status of order #4521");
        message.ReplyToExternalId.ShouldBeNull();
    }

    [Fact]
    public void Image()
    {
        var media = Media("whatsapp_inbound_image.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTI3RDI5QkQ3OTFFMkM2NEJCQUUxAA=", "2025-06-13T22:43:21Z", ContentTypes.Image);
        media.ProviderMediaId.ShouldBe("2754859441498128");
        media.MimeType.ShouldBe("image/jpeg");
        media.Caption.ShouldBe("Damaged box on arrival");
    }

    [Fact]
    public void Document()
    {
        var media = Media("whatsapp_inbound_document.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRDOEJGMjc1NTkwRjVBNTI0RDg3AA=", "2025-06-13T22:44:10Z", ContentTypes.Document);
        media.ProviderMediaId.ShouldBe("1234567890987654");
        media.MimeType.ShouldBe("application/pdf");
        media.Caption.ShouldBe("Invoice attached");
        media.Filename.ShouldBe("invoice-4521.pdf");
    }

    [Fact]
    public void VoiceNoteIsAudio()
    {
        var media = Media("whatsapp_inbound_audio_voice.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTVOUNBMzE0MUI5RTcyRDMxN0VBAA=", "2025-06-13T22:45:00Z", ContentTypes.Audio);
        media.ProviderMediaId.ShouldBe("1145267853086357");
        media.MimeType.ShouldBe("audio/ogg; codecs=opus");
    }

    [Fact]
    public void Video()
    {
        var media = Media("whatsapp_inbound_video.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTZJREVPMUE5QjhDN0Q2RTVGNDMyAA=", "2025-06-13T22:45:05Z", ContentTypes.Video);
        media.ProviderMediaId.ShouldBe("1318890442530021");
        media.MimeType.ShouldBe("video/mp4");
        media.Caption.ShouldBe("Unboxing");
    }

    [Fact]
    public void Sticker()
    {
        var media = Media("whatsapp_inbound_sticker.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTNUSUNLRVI5OEQ3QTFFMDMyRTRBAA=", "2025-06-13T22:45:10Z", ContentTypes.Sticker);
        media.ProviderMediaId.ShouldBe("1209587623349821");
        media.MimeType.ShouldBe("image/webp");
    }

    [Fact]
    public void Location()
    {
        var message = Message("whatsapp_inbound_location.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTxPQ0FUSU9OMUQ2RTk0QzI3ODAxAA=", "2025-06-13T22:46:00Z");
        message.Message.Content.Type.ShouldBe(ContentTypes.Location);
        var location = message.Message.Content.Location.ShouldNotBeNull();
        location.Latitude.ShouldBe(37.4611978);
        location.Longitude.ShouldBe(-122.2164385);
        location.Name.ShouldBe("Facebook HQ");
        location.Address.ShouldBe("1 Hacker Way, Menlo Park, CA 94025");
    }

    [Fact]
    public void ButtonReply()
    {
        var message = Message("whatsapp_inbound_interactive_button_reply.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTJCVVRUT05SRVBMWTI5Q0Q0RUExAA=", "2025-06-13T22:46:40Z");
        message.ReplyToExternalId.ShouldBe("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCNjdBQkU4RTJGMjlDRkY0RDIA");
        var interactive = Interactive(message);
        interactive.Type.ShouldBe("button_reply");
        interactive.Reply.ShouldBe(new InteractiveOption { Id = "cancel-button", Title = "Cancel" });
    }

    [Fact]
    public void ListReply()
    {
        var message = Message("whatsapp_inbound_interactive_list_reply.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTxJU1RSRVBMWTZFMzFCQjc0RDBBAA=", "2025-06-13T22:47:00Z");
        message.ReplyToExternalId.ShouldBe("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJGNDRBQzg5QzM3NkU0MzNFQjkA");
        var interactive = Interactive(message);
        interactive.Type.ShouldBe("list_reply");
        interactive.Reply.ShouldBe(new InteractiveOption { Id = "priority_express", Title = "Priority Mail Express", Description = "Next Day to 2 Days" });
    }

    [Fact]
    public void TemplateQuickReplyIsAButtonReply()
    {
        var message = Message("whatsapp_inbound_template_quick_reply_button.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTCVVRUT05UUExRMkU3QTAxQkQ5AA=", "2025-06-13T22:47:20Z");
        message.ReplyToExternalId.ShouldBe("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJEMzlGRjE3QjYyRjRBQTJEODkA");
        var interactive = Interactive(message);
        interactive.Type.ShouldBe("button_reply");
        interactive.Reply.ShouldBe(new InteractiveOption { Id = "confirm_appointment_4521", Title = "Confirm" });
    }

    [Fact]
    public void Reaction()
    {
        var message = Message("whatsapp_inbound_reaction.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTJFQUNUSU9OQzFBNDNEMkU3RjU5AA=", "2025-06-13T22:48:20Z");
        message.Message.Content.Type.ShouldBe(ContentTypes.Reaction);
        var reaction = message.Message.Content.Reaction.ShouldNotBeNull();
        reaction.ExternalMessageId.ShouldBe(OurMessage);
        reaction.Emoji.ShouldBe("👍");
    }

    [Fact]
    public void UnsupportedIsStoredAsUnsupportedWithTheErrorCode()
    {
        var message = Message("whatsapp_inbound_unsupported.json", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTVOU1VQUE9SVEVENUQxRTQ4N0MzAA=", "2025-06-13T22:50:50Z");
        message.Message.Content.Type.ShouldBe(ContentTypes.Unsupported);
        message.Message.Content.Text.ShouldNotBeNull().ShouldContain("131051");
    }

    [Theory]
    [InlineData("whatsapp_status_sent.json", MessageStatus.Sent, "2025-06-13T22:55:01Z")]
    [InlineData("whatsapp_status_delivered.json", MessageStatus.Delivered, "2025-06-13T22:55:03Z")]
    [InlineData("whatsapp_status_read.json", MessageStatus.Read, "2025-06-13T22:56:30Z")]
    public void Statuses(string fixture, MessageStatus expected, string at)
    {
        var status = Single<InboundStatusEvent>(fixture);
        status.ExternalId.ShouldBe(OurMessage);
        status.Status.ShouldBe(expected);
        status.At.ShouldBe(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        status.RecipientAddress.ShouldBe(Sender);
        status.Error.ShouldBeNull();
    }

    [Fact]
    public void FailedStatusCarriesTheReplyWindowError()
    {
        var status = Single<InboundStatusEvent>("whatsapp_status_failed.json");
        status.ExternalId.ShouldBe(OurMessage);
        status.Status.ShouldBe(MessageStatus.Failed);
        status.At.ShouldBe(DateTimeOffset.Parse("2025-06-13T22:55:05Z", System.Globalization.CultureInfo.InvariantCulture));
        status.RecipientAddress.ShouldBe(Sender);
        var error = status.Error.ShouldNotBeNull();
        error.Code.ShouldBe("reply_window_closed");
        error.Message.ShouldStartWith("WhatsApp 131047: Re-engagement message");
    }

    [Fact]
    public void ValueLevelErrorIsAProviderErrorEvent()
    {
        var error = Single<ProviderErrorEvent>("whatsapp_errors_entry_rate_limit.json");
        error.Code.ShouldBe("130429");
        error.Message.ShouldStartWith("WhatsApp 130429: Rate limit hit");
    }

    /// <summary>Every webhook fixture gives exactly one event, for its channel (<c>metadata.phone_number_id</c>) only.</summary>
    [Theory]
    [MemberData(nameof(WebhookFixtures))]
    public void EveryWebhookFixtureIsOneEventOfItsPhoneNumber(string fixture)
    {
        Parse(fixture, "106540352242922").Count.ShouldBe(1);
        Parse(fixture, "999999999999999").ShouldBeEmpty();
    }

    public static TheoryData<string> WebhookFixtures() =>
        [.. Fixtures.Named("whatsapp_").Where(name => !name.StartsWith("whatsapp_api_", StringComparison.Ordinal))];

    private IReadOnlyList<InboundEvent> Parse(string fixture, string phoneNumberId = "106540352242922")
    {
        var settings = WhatsAppTestChannel.Settings(config: [new("phone_number_id", phoneNumberId)]);
        return _adapter.ParseWebhook(settings, new WebhookRequest
        {
            Method = "POST",
            Url = "https://linktor.example.com/hooks/x",
            Body = Fixtures.Bytes(fixture),
            ContentType = "application/json",
        });
    }

    private T Single<T>(string fixture) where T : InboundEvent => Parse(fixture).ShouldHaveSingleItem().ShouldBeOfType<T>();

    /// <summary>The one message of a fixture, with the fields every fixture shares checked.</summary>
    private InboundMessageEvent Message(string fixture, string wamid, string sentAt)
    {
        var message = Single<InboundMessageEvent>(fixture);
        message.SenderAddress.ShouldBe(Sender);
        message.Message.ExternalId.ShouldBe(wamid);
        message.Message.SentAt.ShouldBe(DateTimeOffset.Parse(sentAt, System.Globalization.CultureInfo.InvariantCulture));
        message.Message.Profile.ShouldBe(new ContactProfileHint { Name = SenderName, Phone = "+" + Sender });
        return message;
    }

    private MediaInfo Media(string fixture, string wamid, string sentAt, string type)
    {
        var message = Message(fixture, wamid, sentAt);
        message.Message.Content.Type.ShouldBe(type);
        return message.Message.Content.Media.ShouldNotBeNull();
    }

    private static InteractiveContent Interactive(InboundMessageEvent message)
    {
        message.Message.Content.Type.ShouldBe(ContentTypes.Interactive);
        return message.Message.Content.Interactive.ShouldNotBeNull();
    }
}
