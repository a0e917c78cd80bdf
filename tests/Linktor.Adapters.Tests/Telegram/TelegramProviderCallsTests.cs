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
    public async Task Test_names_the_bot()
    {
        var result = await _telegram.Adapter.TestAsync(_telegram.Settings, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldStartWith("Connected to the bot @linktor_fake_bot.");
        result.Identity.ShouldBe(new Dictionary<string, string> { ["id"] = "7123456789", ["username"] = "linktor_fake_bot", ["first_name"] = "Linktor Fake" });
        Fake.Calls("getMe").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Test_says_when_no_webhook_is_registered()
    {
        var result = await _telegram.Adapter.TestAsync(_telegram.Settings, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldBe("Connected to the bot @linktor_fake_bot. No webhook is registered, so no messages will arrive.");
    }

    [Fact]
    public async Task Test_of_a_registered_bot_reports_the_last_webhook_error()
    {
        await _telegram.Adapter.RegisterWebhookAsync(_telegram.Settings, new Uri("https://linktor.example.com/hooks/1"), Ct);
        (await _telegram.Adapter.TestAsync(_telegram.Settings, Ct)).Detail.ShouldBe("Connected to the bot @linktor_fake_bot.");

        Fake.ReportWebhookError("Wrong response from the webhook: 500 Internal Server Error", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var result = await _telegram.Adapter.TestAsync(_telegram.Settings, Ct);

        result.Ok.ShouldBeTrue();
        result.Detail.ShouldBe("Connected to the bot @linktor_fake_bot. Telegram's last webhook delivery failed at 2026-01-02 03:04:05Z: Wrong response from the webhook: 500 Internal Server Error");
    }

    [Fact]
    public async Task Test_with_a_wrong_token_fails_with_telegrams_answer()
    {
        var settings = TelegramHarness.Channel(Fake.BaseUrl.AbsoluteUri, botToken: "7123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var result = await _telegram.Adapter.TestAsync(settings, Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldBe("Telegram 401: Unauthorized");
        result.Identity.ShouldBeNull();
    }

    [Fact]
    public async Task Test_of_an_unreachable_server_fails_without_throwing()
    {
        var result = await _telegram.Adapter.TestAsync(TelegramHarness.Channel($"http://127.0.0.1:{TelegramErrorTests.ClosedPort()}/"), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldStartWith("Telegram could not be reached");
    }

    [Fact]
    public async Task Register_webhook_sets_the_url_secret_and_update_kinds()
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
    public async Task Register_webhook_reports_telegrams_refusal()
    {
        Fake.InjectFault(new Fault(400, """{"ok":false,"error_code":400,"description":"Bad Request: bad webhook: HTTPS url must be provided for webhook"}"""));

        var result = await _telegram.Adapter.RegisterWebhookAsync(_telegram.Settings, new Uri("http://insecure.example.com/hooks/1"), Ct);

        result.Ok.ShouldBeFalse();
        result.Detail.ShouldBe("Telegram 400: Bad Request: bad webhook: HTTPS url must be provided for webhook");
    }

    [Fact]
    public async Task Register_webhook_needs_a_secret()
    {
        var settings = TelegramHarness.Channel(Fake.BaseUrl.AbsoluteUri, secretToken: null);

        var result = await _telegram.Adapter.RegisterWebhookAsync(settings, new Uri("https://linktor.example.com/hooks/1"), Ct);

        result.Ok.ShouldBeFalse();
        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_prepared_and_registered_channel_accepts_what_telegram_then_sends()
    {
        var settings = _telegram.Adapter.Prepare(TelegramHarness.Channel(Fake.BaseUrl.AbsoluteUri, secretToken: null));
        (await _telegram.Adapter.RegisterWebhookAsync(settings, new Uri("https://linktor.example.com/hooks/1"), Ct)).Ok.ShouldBeTrue();

        var (_, secret) = Fake.RegisteredSecretHeader();
        var verdict = _telegram.Adapter.VerifyWebhook(settings, TelegramHarness.Hook(FakeTelegram.TextUpdate(1, 42, 1, "hi"), secret));

        verdict.Accepted.ShouldBeTrue();
    }

    [Fact]
    public async Task A_button_press_is_answered()
    {
        var press = _telegram.Adapter.ParseWebhook(_telegram.Settings, TelegramHarness.Hook(Fixtures.Bytes("telegram_update_callback_query.json"))).Single();

        await _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, press, Ct);

        Fake.AnsweredCallbackQueries.ShouldBe(["4382bfdwdsb323b2d9"]);
        Fake.Calls("answerCallbackQuery").ShouldHaveSingleItem().Json.GetProperty("callback_query_id").GetString().ShouldBe("4382bfdwdsb323b2d9");
    }

    [Fact]
    public async Task Other_events_need_no_answer()
    {
        var text = _telegram.Adapter.ParseWebhook(_telegram.Settings, TelegramHarness.Hook(Fixtures.Bytes("telegram_update_text.json"))).Single();

        await _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, text, Ct);
        await _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, new InboundStatusEvent("1:1", MessageStatus.Read, DateTimeOffset.UtcNow), Ct);

        Fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_answer_does_not_throw()
    {
        Fake.InjectFault(new Fault(400, """{"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired or query ID is invalid"}"""));
        var press = _telegram.Adapter.ParseWebhook(_telegram.Settings, TelegramHarness.Hook(Fixtures.Bytes("telegram_update_callback_query.json"))).Single();

        await Should.NotThrowAsync(() => _telegram.Adapter.AcknowledgeAsync(_telegram.Settings, press, Ct));
        Fake.Requests.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Media_resolves_to_a_download_url_that_serves_the_file()
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
    public async Task The_get_file_response_fixture_gives_its_file_path()
    {
        Fake.InjectFault(new Fault(200, Fixtures.Text("telegram_api_get_file_response.json")), count: 1);

        var download = await _telegram.Adapter.ResolveMediaAsync(_telegram.Settings, "AgACAgQAAxkBAAIBKmZrQ1abcDEFghiJKLmnOPqrSTUVAAIFxjEbl4lgUAAB1wXyZAEAAwIAA3kAAzUE", Ct);

        download?.Url.ShouldBe($"{Fake.BaseUrl}file/bot{FakeTelegram.DefaultBotToken}/photos/file_12.jpg");
    }

    [Fact]
    public async Task An_unknown_file_resolves_to_nothing() =>
        (await _telegram.Adapter.ResolveMediaAsync(_telegram.Settings, "nope", Ct)).ShouldBeNull();

    [Fact]
    public void The_default_api_is_telegrams() =>
        TelegramSettingKeys.DefaultApiBaseUrl.ShouldBe("https://api.telegram.org/");
}
