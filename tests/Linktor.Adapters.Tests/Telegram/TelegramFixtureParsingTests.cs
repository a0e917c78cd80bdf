using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>Every Telegram webhook fixture parses to each canonical field the fixtures README lists.</summary>
public sealed class TelegramFixtureParsingTests
{
    private static IReadOnlyList<InboundEvent> Parse(string fixture) =>
        TelegramHarness.OfflineAdapter.ParseWebhook(TelegramHarness.Channel(), TelegramHarness.Hook(Fixtures.Bytes(fixture)));

    private static InboundMessageEvent Message(string fixture) => Parse(fixture).ShouldHaveSingleItem().ShouldBeOfType<InboundMessageEvent>();

    private static void ShouldBeFromAna(InboundMessageEvent inbound, string externalId, string timestamp)
    {
        inbound.SenderAddress.ShouldBe("123456789");
        inbound.Message.Profile?.Name.ShouldBe("Ana Silva");
        inbound.Message.ExternalId.ShouldBe(externalId);
        inbound.Message.SentAt.ShouldBe(DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        inbound.AcknowledgeToken.ShouldBeNull();
    }

    public static TheoryData<string> WebhookFixtures() => [.. Fixtures.Named("telegram_").Where(name => !name.StartsWith("telegram_api_", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(WebhookFixtures))]
    public void EveryWebhookFixtureIsOneEvent(string fixture) => Parse(fixture).ShouldHaveSingleItem();

    [Fact]
    public void Text()
    {
        var inbound = Message("telegram_update_text.json");
        ShouldBeFromAna(inbound, "123456789:41", "2025-06-13T22:42:55Z");
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Text);
        inbound.Message.Content.Text.ShouldBe("Hello, is my order ready?");
        inbound.ReplyToExternalId.ShouldBeNull();
    }

    [Fact]
    public void PhotoTakesTheLargestSize()
    {
        var inbound = Message("telegram_update_photo.json");
        ShouldBeFromAna(inbound, "123456789:42", "2025-06-13T22:43:21Z");
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Image);
        var media = inbound.Message.Content.Media.ShouldNotBeNull();
        media.ProviderMediaId.ShouldBe("AgACAgQAAxkBAAIBKmZrQ1abcDEFghiJKLmnOPqrSTUVAAIFxjEbl4lgUAAB1wXyZAEAAwIAA3kAAzUE");
        media.MimeType.ShouldBe("image/jpeg");
        media.Size.ShouldBe(104737);
        media.Caption.ShouldBe("Damaged box on arrival");
    }

    [Fact]
    public void Document()
    {
        var inbound = Message("telegram_update_document.json");
        ShouldBeFromAna(inbound, "123456789:43", "2025-06-13T22:44:10Z");
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Document);
        var media = inbound.Message.Content.Media.ShouldNotBeNull();
        media.ProviderMediaId.ShouldBe("BQACAgQAAxkBAAIBK2ZrQ2b1ce8lXGhpJ3mVL0zq4SxAAALmEwACl4lgUJx2rVpGkd9HNQQ");
        media.MimeType.ShouldBe("application/pdf");
        media.Filename.ShouldBe("invoice-4521.pdf");
        media.Caption.ShouldBe("Invoice attached");
        media.Size.ShouldBe(48213);
    }

    [Fact]
    public void VoiceNoteIsAudio()
    {
        var inbound = Message("telegram_update_voice.json");
        ShouldBeFromAna(inbound, "123456789:44", "2025-06-13T22:45:00Z");
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Audio);
        var media = inbound.Message.Content.Media.ShouldNotBeNull();
        media.ProviderMediaId.ShouldBe("AwACAgQAAxkBAAIBLGZrQ3Kd0Dz1nVnqW2hOZ8sQh4TLAAJAFAACl4lgULy1wrEQyXxXNQQ");
        media.MimeType.ShouldBe("audio/ogg");
        media.Size.ShouldBe(14288);
    }

    [Fact]
    public void Location()
    {
        var inbound = Message("telegram_update_location.json");
        ShouldBeFromAna(inbound, "123456789:45", "2025-06-13T22:46:00Z");
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Location);
        var location = inbound.Message.Content.Location.ShouldNotBeNull();
        location.Latitude.ShouldBe(-2.890287);
        location.Longitude.ShouldBe(-79.004333);
        location.Name.ShouldBeNull();
    }

    [Fact]
    public void CallbackQueryIsAButtonReplyToTheKeyboardMessage()
    {
        var inbound = Message("telegram_update_callback_query.json");
        inbound.SenderAddress.ShouldBe("123456789");
        inbound.AcknowledgeToken.ShouldBe("4382bfdwdsb323b2d9");
        inbound.ReplyToExternalId.ShouldBe("123456789:46");
        inbound.Message.ExternalId.ShouldBe("cbq:4382bfdwdsb323b2d9");
        inbound.Message.SentAt.ShouldBeNull();
        inbound.Message.Profile?.Name.ShouldBe("Ana Silva");
        inbound.Message.Content.Type.ShouldBe(ContentTypes.Interactive);
        var interactive = inbound.Message.Content.Interactive.ShouldNotBeNull();
        interactive.Type.ShouldBe("button_reply");
        interactive.Reply.ShouldBe(new InteractiveOption { Id = "appt:4521:cancel", Title = "Cancel" });
    }

    [Fact]
    public void EditedMessageIsAnEditOfTheSameMessage()
    {
        var edit = Parse("telegram_edited_message.json").ShouldHaveSingleItem().ShouldBeOfType<InboundEditEvent>();
        edit.SenderAddress.ShouldBe("123456789");
        edit.ExternalId.ShouldBe("123456789:41");
        edit.EditedAt.ShouldBe(DateTimeOffset.Parse("2025-06-13T22:46:51Z", System.Globalization.CultureInfo.InvariantCulture));
        edit.Content.ShouldBe(MessageContent.FromText("Hello, is my order #4521 ready?"));
    }
}
