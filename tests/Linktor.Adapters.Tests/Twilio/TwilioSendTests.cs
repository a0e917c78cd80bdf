using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Linktor.Contracts.Messages;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

public sealed class TwilioSendTests : FakeTwilioTestBase
{
    private static readonly Uri HookUrl = new("https://linktor.example.com/hooks/9b2e7c41-3d5a-4f68-8e1b-2c3d4e5f6a7b");

    private async Task<SendResult> SendAsync(MessageContent content, ChannelSettings? settings = null, string to = Contact) =>
        await Adapter.SendAsync(settings ?? Channel(webhookUrl: HookUrl), Outbound(content, to), TestContext.Current.CancellationToken);

    [Fact]
    public async Task TextIsPostedAsAFormWithBasicAuthAndTheSidComesBack()
    {
        var result = await SendAsync(MessageContent.FromText("Your order #4521 has shipped."));

        result.Outcome.ShouldBe(SendOutcome.Sent, result.Error?.Message);
        var sent = Fake.SentMessages.ShouldHaveSingleItem();
        result.ExternalId.ShouldBe(sent.Sid);
        result.ExternalId.ShouldNotBeNull().ShouldMatch("^SM[0-9a-f]{32}$");

        var request = Fake.Accepted("/Messages.json").ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe($"/2010-04-01/Accounts/{AccountSid}/Messages.json");
        request.ContentType.ShouldNotBeNull().ShouldStartWith("application/x-www-form-urlencoded");
        request.Header("Authorization").ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")));
        request.Form.ShouldBe(new Dictionary<string, string>
        {
            ["To"] = Contact,
            ["From"] = ChannelNumber,
            ["Body"] = "Your order #4521 has shipped.",
            ["StatusCallback"] = HookUrl.AbsoluteUri,
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task TheFakeAnswers201WithTheFieldsOfTwiliosCreateResponse()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Fake.BaseUrl, $"2010-04-01/Accounts/{AccountSid}/Messages.json"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = Contact, ["From"] = ChannelNumber, ["Body"] = "hi" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var fixture = JsonDocument.Parse(Fixtures.Text("twilio_api_message_create_response.json"));

        ((int)response.StatusCode).ShouldBe(201);
        answer.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(fixture.RootElement.EnumerateObject().Select(p => p.Name), ignoreOrder: true);
        answer.RootElement.GetProperty("body").GetString().ShouldBe("hi");
    }

    [Fact]
    public async Task WithoutAWebhookUrlThereIsNoStatusCallback()
    {
        (await SendAsync(MessageContent.FromText("hi"), Channel())).Outcome.ShouldBe(SendOutcome.Sent);

        Fake.Accepted("/Messages.json").ShouldHaveSingleItem().Form.Keys.ShouldNotContain("StatusCallback");
    }

    [Fact]
    public async Task AMessagingServiceChannelSendsThroughTheServiceInsteadOfANumber()
    {
        var settings = Channel(new Dictionary<string, string> { ["from"] = "", ["messaging_service_sid"] = MessagingServiceSid });

        (await SendAsync(MessageContent.FromText("hi"), settings)).Outcome.ShouldBe(SendOutcome.Sent);

        var form = Fake.Accepted("/Messages.json").ShouldHaveSingleItem().Form;
        form["MessagingServiceSid"].ShouldBe(MessagingServiceSid);
        form.Keys.ShouldNotContain("From");
    }

    [Fact]
    public async Task TheRecipientIsSentInE164Form()
    {
        (await SendAsync(MessageContent.FromText("hi"), to: "+1 (555) 867-5310")).Outcome.ShouldBe(SendOutcome.Sent);

        Fake.SentMessages.ShouldHaveSingleItem().To.ShouldBe(Contact);
    }

    [Theory]
    [InlineData(ContentTypes.Image, "image/jpeg")]
    [InlineData(ContentTypes.Video, "video/mp4")]
    [InlineData(ContentTypes.Audio, "audio/mpeg")]
    [InlineData(ContentTypes.Document, "application/pdf")]
    public async Task MediaGoesAsMmsByUrlWithTheCaptionAsBody(string type, string mime)
    {
        var content = new MessageContent
        {
            Type = type,
            Media = new MediaInfo { Url = "https://cdn.example.com/files/label", MimeType = mime, Caption = "The label" },
        };

        var result = await SendAsync(content);

        result.Outcome.ShouldBe(SendOutcome.Sent, result.Error?.Message);
        result.ExternalId.ShouldNotBeNull().ShouldMatch("^MM[0-9a-f]{32}$");
        var sent = Fake.SentMessages.ShouldHaveSingleItem();
        sent.MediaUrls.ShouldBe(["https://cdn.example.com/files/label"]);
        sent.Body.ShouldBe("The label");
    }

    [Fact]
    public async Task AProviderMediaIdThatIsAUrlIsUsedBeforeTheUrl()
    {
        var content = new MessageContent
        {
            Type = ContentTypes.Image,
            Media = new MediaInfo { Url = "https://cdn.example.com/a.jpg", ProviderMediaId = "https://media.example.com/b.jpg" },
        };

        (await SendAsync(content)).Outcome.ShouldBe(SendOutcome.Sent);

        var sent = Fake.SentMessages.ShouldHaveSingleItem();
        sent.MediaUrls.ShouldBe(["https://media.example.com/b.jpg"]);
        sent.Body.ShouldBeNull(); // no caption: Twilio takes media alone
    }

    [Fact]
    public async Task MediaWithoutAPublicUrlIsRefusedWithoutCallingTwilio()
    {
        var content = new MessageContent { Type = ContentTypes.Image, Media = new MediaInfo { ProviderMediaId = "4490709327384033" } };

        var result = await SendAsync(content);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("media_unsupported");
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ALocationIsATextWithItsNameAddressAndAMapsLink()
    {
        var content = new MessageContent
        {
            Type = ContentTypes.Location,
            Location = new LocationInfo { Latitude = 37.7749, Longitude = -122.4194, Name = "Acme Store", Address = "1 Market St, San Francisco" },
        };

        (await SendAsync(content)).Outcome.ShouldBe(SendOutcome.Sent);

        Fake.SentMessages.ShouldHaveSingleItem().Body.ShouldBe("Acme Store\n1 Market St, San Francisco\nhttps://maps.google.com/?q=37.7749,-122.4194");
    }

    [Fact]
    public async Task ABareLocationIsJustTheLink()
    {
        var content = new MessageContent { Type = ContentTypes.Location, Location = new LocationInfo { Latitude = -33.8688, Longitude = 151.2093 } };

        (await SendAsync(content)).Outcome.ShouldBe(SendOutcome.Sent);

        Fake.SentMessages.ShouldHaveSingleItem().Body.ShouldBe("https://maps.google.com/?q=-33.8688,151.2093");
    }

    public static TheoryData<MessageContent> Unsupported() =>
    [
        new MessageContent { Type = ContentTypes.Interactive, Interactive = new InteractiveContent { Type = "buttons", Body = "Pick" } },
        new MessageContent { Type = ContentTypes.Template, Template = new TemplateContent { Name = "order_update", Language = "en" } },
        new MessageContent { Type = ContentTypes.Reaction, Reaction = new ReactionContent { ExternalMessageId = "SM1", Emoji = "👍" } },
        new MessageContent { Type = ContentTypes.Sticker, Media = new MediaInfo { Url = "https://cdn.example.com/s.webp" } },
        new MessageContent { Type = ContentTypes.Contacts, Contacts = [new ContactCard { Name = "Ana" }] },
    ];

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task ContentSmsCannotCarryIsRefusedAsUnsupported(MessageContent content)
    {
        var result = await SendAsync(content);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("unsupported_content");
        Fake.Requests.ShouldBeEmpty();
        Adapter.GetCapabilities(Channel()).ContentTypes.ShouldNotContain(content.Type);
    }

    [Fact]
    public async Task ARecipientThatIsNotAPhoneNumberIsRefusedWithoutCallingTwilio()
    {
        var result = await SendAsync(MessageContent.FromText("hi"), to: "5558675310");

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("invalid_recipient");
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AWrongAuthTokenIsTwilios401AndPermanent()
    {
        var result = await SendAsync(MessageContent.FromText("hi"), Channel(authToken: "wrong"));

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error.ShouldBe(new MessageError("auth_failed", "Twilio 20003: Authenticate"));
        Fake.Requests.ShouldHaveSingleItem().Header("Authorization").ShouldBe(
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:wrong"))).ToString());
    }
}
