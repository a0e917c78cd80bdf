using System.Text;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>Batched webhooks (several entries, changes, messages and statuses), other numbers, and bodies that are not Meta's.</summary>
public sealed class WhatsAppWebhookBatchTests
{
    private const string Us = FakeWhatsApp.DefaultPhoneNumberId;
    private const string OtherNumber = "209876543210987";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();
    private readonly ChannelSettings _settings = WhatsAppTestChannel.Settings();

    [Fact]
    public void EveryEventOfABatchInPayloadOrder()
    {
        var body = FakeWhatsApp.Batch(Us)
            .Text("4915112345678", "wamid.A1", "first", name: "Anna", at: At)
            .Text("5511987654321", "wamid.B1", "from Bruno", name: "Bruno", at: At.AddSeconds(1))
            .Status("wamid.OUT1", "delivered", "4915112345678", At.AddSeconds(2))
            .Status("wamid.OUT1", "read", "4915112345678", At.AddSeconds(3))
            .NextChange()
            .Image("4915112345678", "wamid.A2", "media-1", caption: "a photo", name: "Anna", at: At.AddSeconds(4))
            .NextEntry()
            .Status("wamid.OUT2", "failed", "5511987654321", At.AddSeconds(5), errorCode: 131026, errorTitle: "Message undeliverable")
            .Error(130429, "Rate limit hit")
            .Build();

        var events = Parse(body);

        events.Count.ShouldBe(7);
        var first = events[0].ShouldBeOfType<InboundMessageEvent>();
        first.SenderAddress.ShouldBe("4915112345678");
        first.Message.Content.Text.ShouldBe("first");
        first.Message.Profile!.Name.ShouldBe("Anna");
        first.Message.SentAt.ShouldBe(At);
        var second = events[1].ShouldBeOfType<InboundMessageEvent>();
        second.SenderAddress.ShouldBe("5511987654321");
        second.Message.Profile!.Name.ShouldBe("Bruno"); // matched by wa_id among two contacts
        events[2].ShouldBe(new InboundStatusEvent("wamid.OUT1", MessageStatus.Delivered, At.AddSeconds(2), null, "4915112345678"));
        events[3].ShouldBe(new InboundStatusEvent("wamid.OUT1", MessageStatus.Read, At.AddSeconds(3), null, "4915112345678"));
        var image = events[4].ShouldBeOfType<InboundMessageEvent>();
        image.Message.ExternalId.ShouldBe("wamid.A2");
        image.Message.Content.Media!.ProviderMediaId.ShouldBe("media-1");
        var failed = events[5].ShouldBeOfType<InboundStatusEvent>();
        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Error!.Code.ShouldBe("recipient_unreachable");
        failed.Error.Message.ShouldStartWith("WhatsApp 131026:");
        events[6].ShouldBeOfType<ProviderErrorEvent>().Code.ShouldBe("130429");
    }

    [Fact]
    public void ChangesForAnotherPhoneNumberAreSkipped()
    {
        var body = FakeWhatsApp.Batch(OtherNumber)
            .Text("4915112345678", "wamid.OTHER1", "for the other number")
            .NextChange(Us)
            .Text("4915112345678", "wamid.OURS", "for us")
            .NextEntry(OtherNumber)
            .Status("wamid.OTHER-OUT", "read", "4915112345678")
            .Build();

        var events = Parse(body);

        events.ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>().Message.ExternalId.ShouldBe("wamid.OURS");
        Parse(body, WhatsAppTestChannel.Settings(config: [new("phone_number_id", OtherNumber)])).Count.ShouldBe(2);
    }

    [Fact]
    public void AReplyQuotesItsMessageAndARemovedReactionHasAnEmptyEmoji()
    {
        var body = FakeWhatsApp.Batch(Us)
            .Text("4915112345678", "wamid.R1", "yes", replyTo: "wamid.OUT9")
            .Message("4915112345678", "wamid.R2", "reaction", new System.Text.Json.Nodes.JsonObject { ["message_id"] = "wamid.OUT9" })
            .Build();

        var events = Parse(body);

        events[0].ShouldBeOfType<InboundMessageEvent>().ReplyToExternalId.ShouldBe("wamid.OUT9");
        var reaction = events[1].ShouldBeOfType<InboundMessageEvent>().Message.Content.Reaction.ShouldNotBeNull();
        reaction.ExternalMessageId.ShouldBe("wamid.OUT9");
        reaction.Emoji.ShouldBe("");
    }

    [Fact]
    public void SharedContactsBecomeContactCards()
    {
        var contacts = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"name":{"formatted_name":"Ana Silva","first_name":"Ana","last_name":"Silva"},
              "phones":[{"phone":"+351 912 345 678","type":"CELL","wa_id":"351912345678"}],
              "emails":[{"email":"ana@example.com","type":"WORK"}]},
             {"name":{"first_name":"Rui","last_name":"Costa"},"phones":[{"wa_id":"351934567890"}]}]
            """);
        var events = Parse(FakeWhatsApp.Batch(Us).Message("4915112345678", "wamid.C1", "contacts", contacts).Build());

        var content = events.ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>().Message.Content;
        content.Type.ShouldBe(ContentTypes.Contacts);
        var cards = content.Contacts.ShouldNotBeNull();
        cards.Count.ShouldBe(2);
        cards[0].Name.ShouldBe("Ana Silva");
        cards[0].Phones.ShouldBe(["+351 912 345 678"]);
        cards[0].Emails.ShouldBe(["ana@example.com"]);
        cards[1].Name.ShouldBe("Rui Costa");
        cards[1].Phones.ShouldBe(["351934567890"]);
    }

    [Theory]
    [InlineData("order")]
    [InlineData("system")]
    [InlineData("some_future_type")]
    public void UnknownMessageTypesAreUnsupportedNotErrors(string type)
    {
        var events = Parse(FakeWhatsApp.Batch(Us).Message("4915112345678", "wamid.U1", type, new System.Text.Json.Nodes.JsonObject { ["body"] = "x" }).Build());

        var message = events.ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();
        message.Message.Content.Type.ShouldBe(ContentTypes.Unsupported);
        message.Message.Content.Text.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void UnknownStatusesAndFieldsAreSkipped()
    {
        var body = FakeWhatsApp.Batch(Us).Status("wamid.OUT1", "deleted", "4915112345678").Status("wamid.OUT1", "played", "4915112345678").Build();
        Parse(body).ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>().Status.ShouldBe(MessageStatus.Read);

        var templateUpdate = """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"message_template_status_update","value":{"event":"APPROVED"}}]}]}""";
        Parse(Encoding.UTF8.GetBytes(templateUpdate)).ShouldBeEmpty();
    }

    [Fact]
    public void AnotherMetaObjectHasNoEvents() =>
        Parse(Fixtures.Bytes("messenger_inbound_text.json")).ShouldBeEmpty();

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"object":"whatsapp_business_account","entry":{"id":"1"}}""")]
    [InlineData("""{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":"wamid.X","type":"text"}]}}]}]}""")]
    public void ABodyThatIsNotAWhatsappWebhookIsAFormatError(string body) =>
        Should.Throw<WebhookFormatException>(() => Parse(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void PayloadsTheFakeBuildsVerifyWithItsSignature()
    {
        var body = FakeWhatsApp.InboundText(Us, "4915112345678", "wamid.S1", "signed");
        var request = new WebhookRequest
        {
            Method = "POST",
            Url = "https://linktor.example.com/hooks/x",
            Body = body,
            Headers = FakeWhatsApp.SignedHeaders(body),
        };

        _adapter.VerifyWebhook(_settings, request).Accepted.ShouldBeTrue();
        _adapter.ParseWebhook(_settings, request).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>().Message.ExternalId.ShouldBe("wamid.S1");
        var status = _adapter.ParseWebhook(_settings, request with { Body = FakeWhatsApp.Status(Us, "wamid.OUT", "failed", "4915112345678", At, 131047, "Re-engagement message") })
            .ShouldHaveSingleItem().ShouldBeOfType<InboundStatusEvent>();
        status.Error!.Code.ShouldBe("reply_window_closed");
    }

    private IReadOnlyList<InboundEvent> Parse(byte[] body, ChannelSettings? settings = null) =>
        _adapter.ParseWebhook(settings ?? _settings, new WebhookRequest { Method = "POST", Url = "https://linktor.example.com/hooks/x", Body = body });
}
