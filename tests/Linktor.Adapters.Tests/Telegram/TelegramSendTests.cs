using System.Text.Json;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>Each content type becomes the documented Bot API call at the fake, and the sent message's id comes back.</summary>
public sealed class TelegramSendTests : IAsyncLifetime
{
    private TelegramHarness _telegram = null!;

    public async ValueTask InitializeAsync() => _telegram = await TelegramHarness.StartAsync();

    public ValueTask DisposeAsync() => _telegram.DisposeAsync();

    private FakeTelegram Fake => _telegram.Fake;

    private static MessageContent Media(string type, string? url = null, string? id = null, string? caption = null) =>
        new() { Type = type, Media = new MediaInfo { Url = url, ProviderMediaId = id, Caption = caption } };

    /// <summary>The only call the fake got: its method, its JSON parameters, and the token in its path.</summary>
    private JsonElement OnlyCall(string method)
    {
        var call = Fake.Requests.ShouldHaveSingleItem();
        call.Method.ShouldBe("POST");
        call.Path.ShouldBe($"/bot{FakeTelegram.DefaultBotToken}/{method}");
        call.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        return call.Json;
    }

    [Fact]
    public async Task TextIsSendMessageWithoutAParseMode()
    {
        var result = await _telegram.SendAsync(MessageContent.FromText("Your order *4521* has shipped."));

        result.Outcome.ShouldBe(SendOutcome.Sent);
        result.ExternalId.ShouldBe("123456789:100");
        var call = OnlyCall("sendMessage");
        call.GetProperty("chat_id").GetInt64().ShouldBe(123456789);
        call.GetProperty("text").GetString().ShouldBe("Your order *4521* has shipped.");
        call.TryGetProperty("parse_mode", out _).ShouldBeFalse();
        call.TryGetProperty("reply_parameters", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task EachSendGetsTheIdOfItsOwnMessage()
    {
        var first = await _telegram.SendAsync(MessageContent.FromText("one"));
        var second = await _telegram.SendAsync(MessageContent.FromText("two"));
        var group = await _telegram.SendAsync(MessageContent.FromText("three"), to: "-1001234567890");

        first.ExternalId.ShouldBe("123456789:100");
        second.ExternalId.ShouldBe("123456789:101");
        group.ExternalId.ShouldBe("-1001234567890:100");
        Fake.Calls("sendMessage")[2].Json.GetProperty("chat_id").GetInt64().ShouldBe(-1001234567890);
    }

    [Fact]
    public async Task TheSendMessageResponseFixtureGivesChatAndMessageId()
    {
        Fake.InjectFault(new Fault(200, Fixtures.Text("telegram_api_send_message_response.json")), count: 1);

        var result = await _telegram.SendAsync(MessageContent.FromText("Your order #4521 has shipped."));

        result.ShouldBe(SendResult.Sent("123456789:133"));
    }

    [Theory]
    [InlineData(ContentTypes.Image, "sendPhoto", "photo")]
    [InlineData(ContentTypes.Video, "sendVideo", "video")]
    [InlineData(ContentTypes.Audio, "sendAudio", "audio")]
    [InlineData(ContentTypes.Document, "sendDocument", "document")]
    public async Task MediaGoesByUrlWithItsCaption(string type, string method, string field)
    {
        var result = await _telegram.SendAsync(Media(type, url: "https://cdn.example.com/file.bin", caption: "Here it is"));

        result.Outcome.ShouldBe(SendOutcome.Sent);
        result.ExternalId.ShouldBe("123456789:100");
        var call = OnlyCall(method);
        call.GetProperty("chat_id").GetInt64().ShouldBe(123456789);
        call.GetProperty(field).GetString().ShouldBe("https://cdn.example.com/file.bin");
        call.GetProperty("caption").GetString().ShouldBe("Here it is");
    }

    [Fact]
    public async Task MediaTelegramAlreadyHasGoesByFileId()
    {
        await _telegram.SendAsync(Media(ContentTypes.Image, url: "https://cdn.example.com/a.jpg", id: "AgACAgQAAxkBAAIBKmZrQ1"));

        OnlyCall("sendPhoto").GetProperty("photo").GetString().ShouldBe("AgACAgQAAxkBAAIBKmZrQ1");
    }

    [Fact]
    public async Task AStickerHasNoCaption()
    {
        await _telegram.SendAsync(Media(ContentTypes.Sticker, id: "CAACAgIAAxkBAAEB", caption: "ignored"));

        var call = OnlyCall("sendSticker");
        call.GetProperty("sticker").GetString().ShouldBe("CAACAgIAAxkBAAEB");
        call.TryGetProperty("caption", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task MediaWithoutAFileIsRefusedUnsent()
    {
        var result = await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Image, Media = new MediaInfo { Caption = "?" } });

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error?.Code.ShouldBe("invalid_content");
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ALocationIsSendLocation()
    {
        var result = await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Location, Location = new LocationInfo { Latitude = -2.890287, Longitude = -79.004333 } });

        result.ExternalId.ShouldBe("123456789:100");
        var call = OnlyCall("sendLocation");
        call.GetProperty("latitude").GetDouble().ShouldBe(-2.890287);
        call.GetProperty("longitude").GetDouble().ShouldBe(-79.004333);
    }

    [Fact]
    public async Task ANamedPlaceIsSendVenue()
    {
        await _telegram.SendAsync(new MessageContent
        {
            Type = ContentTypes.Location,
            Location = new LocationInfo { Latitude = 38.7223, Longitude = -9.1393, Name = "Acme Store", Address = "Rua Augusta 1, Lisboa" },
        });

        var call = OnlyCall("sendVenue");
        call.GetProperty("latitude").GetDouble().ShouldBe(38.7223);
        call.GetProperty("title").GetString().ShouldBe("Acme Store");
        call.GetProperty("address").GetString().ShouldBe("Rua Augusta 1, Lisboa");
    }

    [Fact]
    public async Task OneContactCardIsSendContact()
    {
        await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Contacts, Contacts = [new ContactCard { Name = "Acme Support", Phones = ["+15017122661"] }] });

        var call = OnlyCall("sendContact");
        call.GetProperty("phone_number").GetString().ShouldBe("+15017122661");
        call.GetProperty("first_name").GetString().ShouldBe("Acme Support");
    }

    [Fact]
    public async Task TwoContactCardsAreRefusedUnsent()
    {
        var card = new ContactCard { Name = "A", Phones = ["+1"] };
        var result = await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Contacts, Contacts = [card, card] });

        result.Error?.Code.ShouldBe("unsupported_content");
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ButtonsAreOneRowOfAnInlineKeyboard()
    {
        await _telegram.SendAsync(new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent
            {
                Type = "buttons",
                Header = "Appointment #4521",
                Body = "Keep or cancel the appointment?",
                Footer = "Acme Clinic",
                Buttons = [new InteractiveOption { Id = "appt:4521:keep", Title = "Keep" }, new InteractiveOption { Id = "appt:4521:cancel", Title = "Cancel" }],
            },
        });

        var call = OnlyCall("sendMessage");
        call.GetProperty("text").GetString().ShouldBe("Appointment #4521\n\nKeep or cancel the appointment?\n\nAcme Clinic");
        call.GetProperty("reply_markup").GetRawText().ShouldBe("""{"inline_keyboard":[[{"text":"Keep","callback_data":"appt:4521:keep"},{"text":"Cancel","callback_data":"appt:4521:cancel"}]]}""");
    }

    [Fact]
    public async Task ListRowsAreOneButtonPerRow()
    {
        await _telegram.SendAsync(new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent
            {
                Type = "list",
                Body = "Pick a shipping option",
                ListButton = "Options",
                Sections =
                [
                    new InteractiveSection { Title = "Fast", Rows = [new InteractiveOption { Id = "express", Title = "Express", Description = "1 day" }] },
                    new InteractiveSection { Title = "Cheap", Rows = [new InteractiveOption { Id = "ground", Title = "Ground" }] },
                ],
            },
        });

        var call = OnlyCall("sendMessage");
        call.GetProperty("text").GetString().ShouldBe("Pick a shipping option");
        call.GetProperty("reply_markup").GetRawText().ShouldBe("""{"inline_keyboard":[[{"text":"Express","callback_data":"express"}],[{"text":"Ground","callback_data":"ground"}]]}""");
    }

    [Fact]
    public async Task AnOptionIdOver64BytesIsRefusedUnsent()
    {
        var result = await _telegram.SendAsync(new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent { Type = "buttons", Body = "?", Buttons = [new InteractiveOption { Id = new string('é', 33), Title = "Too long" }] },
        });

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error?.Code.ShouldBe("invalid_content");
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AReactionIsSetMessageReactionAndCreatesNoMessage()
    {
        var result = await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Reaction, Reaction = new ReactionContent { ExternalMessageId = "123456789:41", Emoji = "👍" } });

        result.ShouldBe(SendResult.Sent(null));
        var call = OnlyCall("setMessageReaction");
        call.GetProperty("chat_id").GetInt64().ShouldBe(123456789);
        call.GetProperty("message_id").GetInt64().ShouldBe(41);
        var reaction = call.GetProperty("reaction").EnumerateArray().ShouldHaveSingleItem();
        reaction.GetProperty("type").GetString().ShouldBe("emoji");
        reaction.GetProperty("emoji").GetString().ShouldBe("👍");
    }

    [Fact]
    public async Task AnEmptyReactionClearsIt()
    {
        await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Reaction, Reaction = new ReactionContent { ExternalMessageId = "123456789:41", Emoji = "" } });

        OnlyCall("setMessageReaction").GetProperty("reaction").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cbq:4382bfdwdsb323b2d9")]
    [InlineData("555:41")]
    public async Task AReactionToNoMessageOfThisChatIsRefusedUnsent(string? target)
    {
        var result = await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Reaction, Reaction = new ReactionContent { ExternalMessageId = target, Emoji = "👍" } });

        result.Error?.Code.ShouldBe("invalid_content");
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AReplyQuotesTheMessageAndStillGoesIfItWasDeleted()
    {
        await _telegram.SendAsync(MessageContent.FromText("Yes, it is."), replyTo: "123456789:41");

        OnlyCall("sendMessage").GetProperty("reply_parameters").GetRawText().ShouldBe("""{"message_id":41,"allow_sending_without_reply":true}""");
    }

    [Fact]
    public async Task AReplyToAButtonPressQuotesNothing()
    {
        await _telegram.SendAsync(MessageContent.FromText("Cancelled."), replyTo: "cbq:4382bfdwdsb323b2d9");

        OnlyCall("sendMessage").TryGetProperty("reply_parameters", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task TemplatesAreUnsupportedContent()
    {
        var result = await _telegram.SendAsync(new MessageContent { Type = ContentTypes.Template, Template = new TemplateContent { Name = "hello", Language = "en" } });

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error?.Code.ShouldBe("unsupported_content");
        Fake.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("@acme_channel")]
    [InlineData("+15017122661x")]
    public async Task ARecipientThatIsNoChatIdIsRefusedUnsent(string to)
    {
        var result = await _telegram.SendAsync(MessageContent.FromText("hi"), to: to);

        result.Error?.Code.ShouldBe("invalid_recipient");
        Fake.Requests.ShouldBeEmpty();
    }
}
