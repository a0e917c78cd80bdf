using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>The fake's webhook payload builders (used by end-to-end tests) make updates the adapter reads as intended.</summary>
public sealed class FakeTelegramPayloadTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static InboundEvent ParseOne(byte[] update) =>
        TelegramHarness.OfflineAdapter.ParseWebhook(TelegramHarness.Channel(), TelegramHarness.Hook(update)).ShouldHaveSingleItem();

    [Fact]
    public void TextUpdate()
    {
        var inbound = ParseOne(FakeTelegram.TextUpdate(10, 42, 7, "Hi there", firstName: "Rui", at: At, replyToMessageId: 5)).ShouldBeOfType<InboundMessageEvent>();

        inbound.SenderAddress.ShouldBe("42");
        inbound.Message.ExternalId.ShouldBe("42:7");
        inbound.Message.SentAt.ShouldBe(At);
        inbound.Message.Profile?.Name.ShouldBe("Rui");
        inbound.Message.Content.ShouldBe(MessageContent.FromText("Hi there"));
        inbound.ReplyToExternalId.ShouldBe("42:5");
    }

    [Fact]
    public void GroupTextUpdate()
    {
        var inbound = ParseOne(FakeTelegram.TextUpdate(10, -1001234567890, 7, "Hi all", fromId: 42)).ShouldBeOfType<InboundMessageEvent>();

        inbound.SenderAddress.ShouldBe("-1001234567890");
        inbound.Message.ExternalId.ShouldBe("-1001234567890:7");
    }

    [Fact]
    public void PhotoUpdate()
    {
        var inbound = ParseOne(FakeTelegram.PhotoUpdate(11, 42, 8, "PHOTO_FILE", caption: "Box")).ShouldBeOfType<InboundMessageEvent>();

        inbound.Message.Content.Type.ShouldBe(ContentTypes.Image);
        inbound.Message.Content.Media?.ProviderMediaId.ShouldBe("PHOTO_FILE");
        inbound.Message.Content.Media?.Caption.ShouldBe("Box");
    }

    [Fact]
    public void DocumentAndLocationUpdates()
    {
        ParseOne(FakeTelegram.DocumentUpdate(12, 42, 9, "DOC_FILE")).ShouldBeOfType<InboundMessageEvent>()
            .Message.Content.Media?.Filename.ShouldBe("invoice.pdf");
        ParseOne(FakeTelegram.LocationUpdate(13, 42, 10, 38.7, -9.1)).ShouldBeOfType<InboundMessageEvent>()
            .Message.Content.Location.ShouldBe(new LocationInfo { Latitude = 38.7, Longitude = -9.1 });
    }

    [Fact]
    public void EditedMessageUpdate()
    {
        var edit = ParseOne(FakeTelegram.EditedMessageUpdate(14, 42, 7, "Hi there!", At)).ShouldBeOfType<InboundEditEvent>();

        edit.ExternalId.ShouldBe("42:7");
        edit.EditedAt.ShouldBe(At);
        edit.Content.Text.ShouldBe("Hi there!");
    }

    [Fact]
    public void CallbackQueryUpdate()
    {
        var press = ParseOne(FakeTelegram.CallbackQueryUpdate(15, 42, 100, "cbq-1", "no", buttons: [("Yes", "yes"), ("No", "no")])).ShouldBeOfType<InboundMessageEvent>();

        press.SenderAddress.ShouldBe("42");
        press.ReplyToExternalId.ShouldBe("42:100");
        press.AcknowledgeToken.ShouldBe("cbq-1");
        press.Message.ExternalId.ShouldBe("cbq:cbq-1");
        press.Message.Content.Interactive?.Reply.ShouldBe(new InteractiveOption { Id = "no", Title = "No" });
    }

    [Fact]
    public async Task WebhookPostCarriesTheBodyAndSecret()
    {
        using var request = FakeTelegram.WebhookPost(new Uri("https://linktor.example.com/hooks/1"), FakeTelegram.TextUpdate(1, 42, 1, "hi"), "s3cret");

        request.Method.ShouldBe(HttpMethod.Post);
        request.Headers.GetValues(FakeTelegram.SecretHeaderName).ShouldBe(["s3cret"]);
        request.Content?.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var body = await request.Content!.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        ParseOne(body).ShouldBeOfType<InboundMessageEvent>().Message.ExternalId.ShouldBe("42:1");
    }
}
