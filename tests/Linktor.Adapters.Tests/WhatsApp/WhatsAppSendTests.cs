using System.Text.Json.Nodes;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>Each content type reaches the fake as the documented <c>POST /{version}/{phone_number_id}/messages</c> body.</summary>
public sealed class WhatsAppSendTests : IAsyncLifetime
{
    private readonly FakeWhatsApp _fake = new();
    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    [Fact]
    public async Task TextIsTheDocumentedRequestWithBearerTokenAndReturnsTheWamid()
    {
        var result = await SendAsync(MessageContent.FromText("Your order #4521 has shipped."));

        result.Outcome.ShouldBe(SendOutcome.Sent);
        var sent = _fake.Sent.ShouldHaveSingleItem();
        result.ExternalId.ShouldBe(sent.Wamid);
        result.ExternalId.ShouldStartWith("wamid.");

        var request = _fake.Accepted("/messages").ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe($"/v21.0/{FakeWhatsApp.DefaultPhoneNumberId}/messages");
        request.Header("authorization").ShouldBe($"Bearer {FakeWhatsApp.DefaultAccessToken}");
        request.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");

        // The fixture addresses "+16505551234"; Linktor's canonical address is the wa_id without '+'.
        var expected = Fixture("whatsapp_api_send_request_text.json");
        expected["to"] = WhatsAppTestChannel.Recipient;
        ShouldBeJson(sent, expected);
    }

    [Fact]
    public async Task ApiVersionFromConfig()
    {
        await SendAsync(MessageContent.FromText("hi"), config: [new("api_version", "v23.0")]);
        _fake.Accepted("/messages").ShouldHaveSingleItem().Path.ShouldBe($"/v23.0/{FakeWhatsApp.DefaultPhoneNumberId}/messages");
    }

    [Fact]
    public async Task TemplateIsTheDocumentedRequest()
    {
        await SendAsync(new MessageContent
        {
            Type = ContentTypes.Template,
            Template = new TemplateContent { Name = "order_update", Language = "en_US", Parameters = ["4521"] },
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Fixture("whatsapp_api_send_request_template.json"));
    }

    [Fact]
    public async Task TemplateWithoutParametersHasNoComponents()
    {
        await SendAsync(new MessageContent { Type = ContentTypes.Template, Template = new TemplateContent { Name = "hello_world", Language = "en_US" } });

        _fake.Sent.ShouldHaveSingleItem().Body.GetProperty("template").TryGetProperty("components", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task ReplyButtonsAreTheDocumentedRequest()
    {
        await SendAsync(new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent
            {
                Type = "buttons",
                Body = "Keep or cancel the appointment?",
                Buttons = [new InteractiveOption { Id = "keep-button", Title = "Keep" }, new InteractiveOption { Id = "cancel-button", Title = "Cancel" }],
            },
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Fixture("whatsapp_api_send_request_interactive_buttons.json"));
    }

    [Fact]
    public async Task ImageByProviderMediaIdIsTheDocumentedRequest()
    {
        await SendAsync(new MessageContent
        {
            Type = ContentTypes.Image,
            Media = new MediaInfo { ProviderMediaId = "1037543291543636", Url = "https://cdn.example.com/ignored.jpg", Caption = "Your receipt" },
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Fixture("whatsapp_api_send_request_image_by_id.json"));
    }

    [Fact]
    public async Task ListWithHeaderFooterSectionsAndRows()
    {
        await SendAsync(new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent
            {
                Type = "list",
                Header = "Shipping",
                Body = "How fast?",
                Footer = "Prices include VAT",
                ListButton = "Choose",
                Sections =
                [
                    new InteractiveSection
                    {
                        Title = "Options",
                        Rows = [new InteractiveOption { Id = "priority_express", Title = "Priority Mail Express", Description = "Next Day to 2 Days" }, new InteractiveOption { Id = "ground", Title = "Ground" }],
                    },
                ],
            },
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Envelope("interactive", """
            {"type":"list","header":{"type":"text","text":"Shipping"},"body":{"text":"How fast?"},"footer":{"text":"Prices include VAT"},
             "action":{"button":"Choose","sections":[{"title":"Options","rows":[
               {"id":"priority_express","title":"Priority Mail Express","description":"Next Day to 2 Days"},
               {"id":"ground","title":"Ground"}]}]}}
            """));
    }

    [Theory]
    [InlineData(ContentTypes.Image, """{"link":"https://cdn.example.com/f","caption":"look"}""")]
    [InlineData(ContentTypes.Video, """{"link":"https://cdn.example.com/f","caption":"look"}""")]
    [InlineData(ContentTypes.Audio, """{"link":"https://cdn.example.com/f"}""")] // WhatsApp refuses captions on audio
    [InlineData(ContentTypes.Sticker, """{"link":"https://cdn.example.com/f"}""")]
    [InlineData(ContentTypes.Document, """{"link":"https://cdn.example.com/f","caption":"look","filename":"invoice.pdf"}""")]
    public async Task MediaByLink(string type, string payload)
    {
        await SendAsync(new MessageContent
        {
            Type = type,
            Media = new MediaInfo { Url = "https://cdn.example.com/f", Caption = "look", Filename = "invoice.pdf", MimeType = "application/pdf" },
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Envelope(type, payload));
    }

    [Fact]
    public async Task Location()
    {
        await SendAsync(new MessageContent
        {
            Type = ContentTypes.Location,
            Location = new LocationInfo { Latitude = 37.4611978, Longitude = -122.2164385, Name = "Facebook HQ", Address = "1 Hacker Way" },
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Envelope("location",
            """{"latitude":37.4611978,"longitude":-122.2164385,"name":"Facebook HQ","address":"1 Hacker Way"}"""));
    }

    [Fact]
    public async Task Contacts()
    {
        await SendAsync(new MessageContent
        {
            Type = ContentTypes.Contacts,
            Contacts = [new ContactCard { Name = "Ana Silva", Phones = ["+351912345678"], Emails = ["ana@example.com"] }],
        });

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Envelope("contacts", """
            [{"name":{"formatted_name":"Ana Silva","first_name":"Ana Silva"},"phones":[{"phone":"+351912345678"}],"emails":[{"email":"ana@example.com"}]}]
            """));
    }

    [Fact]
    public async Task ReactionNamesTheReactedWamid()
    {
        await SendAsync(
            new MessageContent { Type = ContentTypes.Reaction, Reaction = new ReactionContent { ExternalMessageId = "wamid.IN1", Emoji = "👍" } },
            replyTo: "wamid.IGNORED");

        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Envelope("reaction", """{"message_id":"wamid.IN1","emoji":"👍"}"""));
    }

    [Fact]
    public async Task AReplyQuotesTheMessageInContext()
    {
        await SendAsync(MessageContent.FromText("Yes, it shipped."), replyTo: "wamid.IN7");

        var expected = Envelope("text", """{"preview_url":false,"body":"Yes, it shipped."}""");
        expected["context"] = new JsonObject { ["message_id"] = "wamid.IN7" };
        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), expected);
    }

    [Fact]
    public async Task UploadModeUploadsTheUrlAndSendsByMediaId()
    {
        var bytes = "%PDF-1.7 fake invoice"u8.ToArray();
        var url = _fake.AddPublicFile("invoice-4521.pdf", bytes, "application/pdf");

        var result = await SendAsync(
            new MessageContent { Type = ContentTypes.Document, Media = new MediaInfo { Url = url.ToString(), Filename = "invoice-4521.pdf" } },
            config: [new("media_upload", "upload")]);

        result.Outcome.ShouldBe(SendOutcome.Sent);
        var upload = _fake.Accepted("/media").ShouldHaveSingleItem();
        upload.Header("authorization").ShouldBe($"Bearer {FakeWhatsApp.DefaultAccessToken}");
        upload.ContentType.ShouldNotBeNull().ShouldStartWith("multipart/form-data");
        _fake.Accepted("invoice-4521.pdf").ShouldHaveSingleItem().Header("authorization").ShouldBeNull(); // our token stays with Meta

        var sent = _fake.Sent.ShouldHaveSingleItem();
        var mediaId = sent.Body.GetProperty("document").GetProperty("id").GetString().ShouldNotBeNull();
        ShouldBeJson(sent, Envelope("document", $$"""{"id":"{{mediaId}}","filename":"invoice-4521.pdf"}"""));
        var stored = _fake.Media(mediaId).ShouldNotBeNull();
        stored.Bytes.ShouldBe(bytes);
        stored.MimeType.ShouldBe("application/pdf");
    }

    [Fact]
    public async Task UploadModeWithAMissingFileFailsForGoodBeforeSending()
    {
        var result = await SendAsync(
            new MessageContent { Type = ContentTypes.Image, Media = new MediaInfo { Url = new Uri(_fake.BaseUrl, "files/missing.jpg").ToString() } },
            config: [new("media_upload", "upload")]);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("media_unavailable");
        _fake.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task UploadModeRefusesAFileOverTheLimitBeforeUploading()
    {
        var url = _fake.AddPublicFile("big.mp4", new byte[64], "video/mp4");
        var adapter = WhatsAppTestChannel.Adapter(o => o.MaxUploadBytes = 32);

        var result = await adapter.SendAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl, [new("media_upload", "upload")]),
            WhatsAppTestChannel.Outbound(new MessageContent { Type = ContentTypes.Video, Media = new MediaInfo { Url = url.ToString() } }),
            TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("media_too_large");
        _fake.Accepted("/media").ShouldBeEmpty();
        _fake.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task UploadModeSendsAProviderMediaIdAsIs()
    {
        await SendAsync(
            new MessageContent { Type = ContentTypes.Image, Media = new MediaInfo { ProviderMediaId = "555", Url = "https://cdn.example.com/x.jpg" } },
            config: [new("media_upload", "upload")]);

        _fake.Accepted("/media").ShouldBeEmpty();
        ShouldBeJson(_fake.Sent.ShouldHaveSingleItem(), Envelope("image", """{"id":"555"}"""));
    }

    private Task<SendResult> SendAsync(MessageContent content, string? replyTo = null, IEnumerable<KeyValuePair<string, string>>? config = null) =>
        _adapter.SendAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl, config),
            WhatsAppTestChannel.Outbound(content, replyTo: replyTo),
            TestContext.Current.CancellationToken);

    private static JsonObject Fixture(string name) => JsonNode.Parse(Fixtures.Text(name))!.AsObject();

    private static JsonObject Envelope(string type, string payload) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["recipient_type"] = "individual",
        ["to"] = WhatsAppTestChannel.Recipient,
        ["type"] = type,
        [type] = JsonNode.Parse(payload),
    };

    private static void ShouldBeJson(Linktor.Testing.FakeProviders.WhatsApp.WhatsAppSentMessage sent, JsonNode expected)
    {
        var actual = JsonNode.Parse(sent.Body.GetRawText());
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue($"sent {actual!.ToJsonString()}\nexpected {expected.ToJsonString()}");
    }
}
