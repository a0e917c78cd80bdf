using Linktor.Adapters.Telegram;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>getMe, setWebhook, answerCallbackQuery and getFile against the fake.</summary>
public sealed class TelegramProviderCallsTests : IAsyncLifetime
{
    private TelegramHarness _telegram = null!;

    public async ValueTask InitializeAsync() => _telegram = await TelegramHarness.StartAsync();

    public ValueTask DisposeAsync() => _telegram.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeTelegram Fake => _telegram.Fake;

    [Fact]
    public async Task TestNamesTheBot()
    {
        var result = await _telegram.Adapter.TestAsync(_telegram.Settings, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldStartWith("Connected to the bot @linktor_fake_bot.");
        result.Identity.ShouldBe(new Dictionary<string, string> { ["id"] = "7123456789", ["username"] = "linktor_fake_bot", ["first_name"] = "Linktor Fake" });
        Fake.Calls("getMe").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task TestSaysWhenNoWebhookIsRegistered()
    {
        var result = await _telegram.Adapter.TestAsync(_telegram.Settings, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldBe("Connected to the bot @linktor_fake_bot. No webhook is registered, so no messages will arrive.");
    }

    [Fact]
    public async Task TestOfARegisteredBotReportsTheLastWebhookError()
    {
        await _telegram.Adapter.RegisterWebhookAsync(_telegram.Settings, new Uri("https://linktor.example.com/hooks/1"), Ct);
        (await _telegram.Adapter.TestAsync(_telegram.Settings, Ct)).Detail.ShouldBe("Connected to the bot @linktor_fake_bot.");

        Fake.ReportWebhookError("Wrong response from the webhook: 500 Internal Server Error", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var result = await _telegram.Adapter.TestAsync(_telegram.Settings, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldBe("Connected to the bot @linktor_fake_bot. Telegram's last webhook delivery failed at 2026-01-02 03:04:05Z: Wrong response from the webhook: 500 Internal Server Error");
    }

    [Fact]
    public async Task TestWithAWrongTokenFailsWithTelegramsAnswer()
    {
        var settings = TelegramHarness.Channel(Fake.BaseUrl.AbsoluteUri, botToken: "7123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var result = await _telegram.Adapter.TestAsync(settings, Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldBe("Telegram 401: Unauthorized");
        result.Identity.ShouldBeNull();
    }

    [Fact]
    public async Task TestOfAnUnreachableServerFailsWithoutThrowing()
    {
        var result = await _telegram.Adapter.TestAsync(TelegramHarness.Channel($"http://127.0.0.1:{TelegramErrorTests.ClosedPort()}/"), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldStartWith("Telegram could not be reached");
    }

    [Fact]
    public async Task RegisterWebhookSetsTheUrlSecretAndUpdateKinds()
    {
        var url = new Uri("https://linktor.example.com/hooks/9b2e7c41-3d5a-4f68-8e1b-2c3d4e5f6a7b");

        var result = await _telegram.Adapter.RegisterWebhookAsync(_telegram.Settings, url, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldBe("Webhook was set");
        Fake.WebhookUrl.ShouldBe(url.AbsoluteUri);
        Fake.WebhookSecretToken.ShouldBe(TelegramHarness.SecretToken);
        Fake.WebhookAllowedUpdates.ShouldBe(["message", "edited_message", "callback_query"]);
    }

    [Fact]
    public async Task RegisterWebhookReportsTelegramsRefusal()
    {
        Fake.InjectFault(new Fault(400, """{"ok":false,"error_code":400,"description":"Bad Request: bad webhook: HTTPS url must be provided for webhook"}"""));

        var result = await _telegram.Adapter.RegisterWebhookAsync(_telegram.Settings, new Uri("http://insecure.example.com/hooks/1"), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldBe("Telegram 400: Bad Request: bad webhook: HTTPS url must be provided for webhook");
    }

    [Fact]
    public async Task RegisterWebhookNeedsASecret()
    {
        var settings = TelegramHarness.Channel(Fake.BaseUrl.AbsoluteUri, secretToken: null);

        var result = await _telegram.Adapter.RegisterWebhookAsync(settings, new Uri("https://linktor.example.com/hooks/1"), Ct);

        result.Ok.ShouldBeFalse();
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task APreparedAndRegisteredChannelAcceptsWhatTelegramThenSends()
    {
        var settings = _telegram.Adapter.Prepare(TelegramHarness.Channel(Fake.BaseUrl.AbsoluteUri, secretToken: null));
        (await _telegram.Adapter.RegisterWebhookAsync(settings, new Uri("https://linktor.example.com/hooks/1"), Ct)).Ok.ShouldBeTrue();

        var (_, secret) = Fake.RegisteredSecretHeader();
        var verdict = _telegram.Adapter.VerifyWebhook(settings, TelegramHarness.Hook(FakeTelegram.TextUpdate(1, 42, 1, "hi"), secret));

        verdict.Accepted.ShouldBeTrue();
    }

    [Fact]
    public async Task AButtonPressIsAnswered()
    {
        var press = _telegram.Adapter.ParseWebhook(_telegram.Settings, TelegramHarness.Hook(Fixtures.Bytes("telegram_update_callback_query.json"))).Single();

        await _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, press, Ct);

        Fake.AnsweredCallbackQueries.ShouldBe(["4382bfdwdsb323b2d9"]);
        Fake.Calls("answerCallbackQuery").ShouldHaveSingleItem().Json.GetProperty("callback_query_id").GetString().ShouldBe("4382bfdwdsb323b2d9");
    }

    [Fact]
    public async Task OtherEventsNeedNoAnswer()
    {
        var text = _telegram.Adapter.ParseWebhook(_telegram.Settings, TelegramHarness.Hook(Fixtures.Bytes("telegram_update_text.json"))).Single();

        await _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, text, Ct);
        await _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, new InboundStatusEvent("1:1", MessageStatus.Read, DateTimeOffset.UtcNow), Ct);

        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AFailedAnswerDoesNotThrow()
    {
        Fake.InjectFault(new Fault(400, """{"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired or query ID is invalid"}"""));
        var press = _telegram.Adapter.ParseWebhook(_telegram.Settings, TelegramHarness.Hook(Fixtures.Bytes("telegram_update_callback_query.json"))).Single();

        await Should.NotThrowAsync(() => _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, press, Ct));
        Fake.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task MediaResolvesToADownloadUrlThatServesTheFile()
    {
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];
        const string fileId = "AgACAgQAAxkBAAIBKmZrQ1abcDEFghiJKLmnOPqrSTUVAAIFxjEbl4lgUAAB1wXyZAEAAwIAA3kAAzUE";
        Fake.AddFile(fileId, "photos/file_12.jpg", photo);

        var download = (await _telegram.Adapter.ResolveMediaAsync(_telegram.Settings, fileId, Ct)).ShouldNotBeNull();

        download.Url.ShouldBe($"{Fake.BaseUrl}file/bot{FakeTelegram.DefaultBotToken}/photos/file_12.jpg");
        download.Headers.ShouldBeEmpty();
        download.Filename.ShouldBe("file_12.jpg");
        Fake.Calls("getFile").ShouldHaveSingleItem().Json.GetProperty("file_id").GetString().ShouldBe(fileId);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, download.Url);
        foreach (var (name, value) in download.Headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        (await response.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(photo);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task TheGetFileResponseFixtureGivesItsFilePath()
    {
        Fake.InjectFault(new Fault(200, Fixtures.Text("telegram_api_get_file_response.json")), count: 1);

        var download = await _telegram.Adapter.ResolveMediaAsync(_telegram.Settings, "AgACAgQAAxkBAAIBKmZrQ1abcDEFghiJKLmnOPqrSTUVAAIFxjEbl4lgUAAB1wXyZAEAAwIAA3kAAzUE", Ct);

        download?.Url.ShouldBe($"{Fake.BaseUrl}file/bot{FakeTelegram.DefaultBotToken}/photos/file_12.jpg");
    }

    [Fact]
    public async Task AnUnknownFileResolvesToNothing() =>
        (await _telegram.Adapter.ResolveMediaAsync(_telegram.Settings, "nope", Ct)).ShouldBeNull();

    [Fact]
    public void TheDefaultApiIsTelegrams() =>
        TelegramSettingKeys.DefaultApiBaseUrl.ShouldBe("https://api.telegram.org/");
}
