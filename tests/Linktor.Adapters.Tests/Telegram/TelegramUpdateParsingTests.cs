using System.Text;
using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>Update shapes beyond the fixtures: other media, venues, contacts, groups, quotes, and what gives no events.</summary>
public sealed class TelegramUpdateParsingTests
{
    private const string Ana = """
        "from": {"id": 123456789, "is_bot": false, "first_name": "Ana", "last_name": "Silva", "username": "ana_dev"},
        "chat": {"id": 123456789, "first_name": "Ana", "last_name": "Silva", "type": "private"},
        "date": 1749854575
        """;

    private static IReadOnlyList<InboundEvent> Parse(string json) =>
        TelegramHarness.OfflineAdapter.ParseWebhook(TelegramHarness.Channel(), TelegramHarness.Hook(Encoding.UTF8.GetBytes(json)));

    private static MessageContent Content(string messageFields) =>
        Parse($$$"""{"update_id": 1, "message": {"message_id": 7, {{{Ana}}}, {{{messageFields}}}}}""")
            .ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>().Message.Content;

    [Fact]
    public void VideoWithCaption()
    {
        var content = Content("""
            "video": {"file_id": "VID1", "file_unique_id": "u", "width": 640, "height": 360, "duration": 5, "mime_type": "video/mp4", "file_name": "clip.mp4", "file_size": 1000},
            "caption": "Unboxing"
            """);
        content.Type.ShouldBe(ContentTypes.Video);
        content.Media.ShouldBe(new MediaInfo { ProviderMediaId = "VID1", MimeType = "video/mp4", Filename = "clip.mp4", Size = 1000, Caption = "Unboxing" });
    }

    [Fact]
    public void AudioFile()
    {
        var content = Content("""
            "audio": {"file_id": "AUD1", "file_unique_id": "u", "duration": 5, "mime_type": "audio/mpeg", "file_name": "song.mp3", "file_size": 2000}
            """);
        content.Type.ShouldBe(ContentTypes.Audio);
        content.Media.ShouldBe(new MediaInfo { ProviderMediaId = "AUD1", MimeType = "audio/mpeg", Filename = "song.mp3", Size = 2000 });
    }

    [Theory]
    [InlineData("false", "false", "image/webp")]
    [InlineData("true", "false", "application/x-tgsticker")]
    [InlineData("false", "true", "video/webm")]
    public void StickerMimeTypeFollowsItsKind(string animated, string video, string mimeType)
    {
        var content = Content($$"""
            "sticker": {"file_id": "STK1", "file_unique_id": "u", "type": "regular", "width": 512, "height": 512, "is_animated": {{animated}}, "is_video": {{video}}, "emoji": "👍"}
            """);
        content.Type.ShouldBe(ContentTypes.Sticker);
        content.Media?.ProviderMediaId.ShouldBe("STK1");
        content.Media?.MimeType.ShouldBe(mimeType);
    }

    [Fact]
    public void AnimationIsAVideoNotTheDocumentBesideIt()
    {
        var content = Content("""
            "animation": {"file_id": "ANI1", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1, "mime_type": "video/mp4", "file_name": "funny.mp4"},
            "document": {"file_id": "ANI1", "file_unique_id": "u", "mime_type": "video/mp4", "file_name": "funny.mp4"}
            """);
        content.Type.ShouldBe(ContentTypes.Video);
        content.Media?.ProviderMediaId.ShouldBe("ANI1");
    }

    [Fact]
    public void GifAnimationIsADocument()
    {
        var content = Content("""
            "animation": {"file_id": "GIF1", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1, "mime_type": "image/gif"}
            """);
        content.Type.ShouldBe(ContentTypes.Document);
        content.Media?.MimeType.ShouldBe("image/gif");
    }

    [Fact]
    public void VenueIsALocationWithNameAndAddress()
    {
        var content = Content("""
            "location": {"latitude": 38.7223, "longitude": -9.1393},
            "venue": {"location": {"latitude": 38.7223, "longitude": -9.1393}, "title": "Acme Store", "address": "Rua Augusta 1, Lisboa"}
            """);
        content.Type.ShouldBe(ContentTypes.Location);
        content.Location.ShouldBe(new LocationInfo { Latitude = 38.7223, Longitude = -9.1393, Name = "Acme Store", Address = "Rua Augusta 1, Lisboa" });
    }

    [Fact]
    public void ContactIsAContactCard()
    {
        var content = Content("""
            "contact": {"phone_number": "+351912345678", "first_name": "Rui", "last_name": "Costa", "user_id": 555}
            """);
        content.Type.ShouldBe(ContentTypes.Contacts);
        var card = content.Contacts.ShouldHaveSingleItem();
        card.Name.ShouldBe("Rui Costa");
        card.Phones.ShouldBe(["+351912345678"]);
    }

    [Fact]
    public void APollIsUnsupportedAndSaysWhatItWas()
    {
        var content = Content("""
            "poll": {"id": "1", "question": "?", "options": [], "total_voter_count": 0, "is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}
            """);
        content.Type.ShouldBe(ContentTypes.Unsupported);
        content.Text.ShouldNotBeNull().ShouldContain("poll");
    }

    [Fact]
    public void AReplyQuotesTheMessageItAnswers()
    {
        var inbound = Parse($$$"""
            {"update_id": 1, "message": {"message_id": 8, {{{Ana}}}, "text": "Yes",
              "reply_to_message": {"message_id": 133, "chat": {"id": 123456789, "type": "private"}, "date": 1749854000, "text": "Ready?"} }}
            """).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();
        inbound.ReplyToExternalId.ShouldBe("123456789:133");
    }

    [Fact]
    public void AGroupMessageComesFromTheGroupNamedByItsTitle()
    {
        var inbound = Parse("""
            {"update_id": 1, "message": {"message_id": 9,
              "from": {"id": 123456789, "is_bot": false, "first_name": "Ana"},
              "chat": {"id": -1001234567890, "title": "Acme customers", "type": "supergroup"},
              "date": 1749854575, "text": "Hi all"}}
            """).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();
        inbound.SenderAddress.ShouldBe("-1001234567890");
        inbound.Message.ExternalId.ShouldBe("-1001234567890:9");
        inbound.Message.Profile?.Name.ShouldBe("Acme customers");
    }

    [Fact]
    public void AUserWithoutANameIsNamedByUsername()
    {
        var inbound = Parse("""
            {"update_id": 1, "message": {"message_id": 9, "from": {"id": 5, "is_bot": false, "first_name": "", "username": "ana_dev"},
              "chat": {"id": 5, "type": "private"}, "date": 1749854575, "text": "Hi"}}
            """).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();
        inbound.Message.Profile?.Name.ShouldBe("ana_dev");
    }

    [Fact]
    public void ServiceMessagesAndOtherUpdateKindsGiveNoEvents()
    {
        Parse($$$"""{"update_id": 1, "message": {"message_id": 7, {{{Ana}}}, "new_chat_members": [{"id": 1, "is_bot": false, "first_name": "B"}]}}""").ShouldBeEmpty();
        Parse("""{"update_id": 2, "channel_post": {"message_id": 1, "chat": {"id": -100, "type": "channel"}, "date": 1, "text": "news"}}""").ShouldBeEmpty();
        Parse("""{"update_id": 3, "my_chat_member": {"chat": {"id": 1, "type": "private"}, "from": {"id": 1, "is_bot": false, "first_name": "A"}, "date": 1}}""").ShouldBeEmpty();
    }

    [Fact]
    public void APressOnAnInlineModeMessageComesFromTheUserAndQuotesNothing()
    {
        var inbound = Parse("""
            {"update_id": 1, "callback_query": {"id": "77", "from": {"id": 42, "is_bot": false, "first_name": "Rui"},
              "inline_message_id": "AAA", "chat_instance": "1", "data": "yes"}}
            """).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();
        inbound.SenderAddress.ShouldBe("42");
        inbound.ReplyToExternalId.ShouldBeNull();
        inbound.AcknowledgeToken.ShouldBe("77");
        inbound.Message.Content.Interactive?.Reply.ShouldBe(new InteractiveOption { Id = "yes", Title = "yes" });
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"message": {"message_id": 1}}""")]
    [InlineData("""{"update_id": 1, "message": {"message_id": 1, "date": 1, "text": "no chat"}}""")]
    public void AnUnreadableBodyIsAFormatError(string body) =>
        Should.Throw<WebhookFormatException>(() => Parse(body));
}
