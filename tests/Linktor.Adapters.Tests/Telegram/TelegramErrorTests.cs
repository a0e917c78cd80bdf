using System.Net;
using System.Net.Sockets;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>Bot API errors and transport failures become retryable or permanent results with Linktor codes.</summary>
public sealed class TelegramErrorTests : IAsyncLifetime
{
    private static readonly MessageContent Hello = MessageContent.FromText("Hello");

    private TelegramHarness _telegram = null!;

    public async ValueTask InitializeAsync() => _telegram = await TelegramHarness.StartAsync();

    public ValueTask DisposeAsync() => _telegram.DisposeAsync();

    [Fact]
    public async Task FloodControlIsRetryableAfterRetryAfter()
    {
        _telegram.Fake.InjectFault(FakeTelegram.FloodWait(7), count: 1);

        var result = await _telegram.SendAsync(Hello);

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error.ShouldBe(new MessageError("rate_limited", "Telegram 429: Too Many Requests: retry after 7"));
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A429WithoutABotApiBodyWaitsForTheRetryAfterHeader()
    {
        _telegram.Fake.InjectFault(new Fault(429, "slow down", "text/plain") { Headers = new Dictionary<string, string> { ["Retry-After"] = "3" } });

        var result = await _telegram.SendAsync(Hello);

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error?.Code.ShouldBe("rate_limited");
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task ServerErrorsAreRetryable(int status)
    {
        _telegram.Fake.InjectFault(FakeTelegram.ServerError(status));

        var result = await _telegram.SendAsync(Hello);

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error?.Code.ShouldBe("provider_unavailable");
        result.Error?.Message.ShouldStartWith($"Telegram {status}: ");
    }

    [Theory]
    [InlineData("telegram_api_error_429.json", 429, SendOutcome.Retryable, "rate_limited", "Telegram 429: Too Many Requests: retry after 30")]
    [InlineData("telegram_api_error_403_blocked.json", 403, SendOutcome.Permanent, "recipient_blocked", "Telegram 403: Forbidden: bot was blocked by the user")]
    [InlineData("telegram_api_error_400_chat_not_found.json", 400, SendOutcome.Permanent, "invalid_recipient", "Telegram 400: Bad Request: chat not found")]
    public async Task TheErrorFixturesAreClassified(string fixture, int status, SendOutcome outcome, string code, string message)
    {
        _telegram.Fake.InjectFault(new Fault(status, Fixtures.Text(fixture)));

        var result = await _telegram.SendAsync(Hello);

        result.Outcome.ShouldBe(outcome);
        result.Error.ShouldBe(new MessageError(code, message));
        result.RetryAfter.ShouldBe(status == 429 ? TimeSpan.FromSeconds(30) : null);
    }

    [Theory]
    [InlineData(403, "Forbidden: bot was kicked from the supergroup chat", "recipient_blocked")]
    [InlineData(403, "Forbidden: user is deactivated", "invalid_recipient")]
    [InlineData(403, "Forbidden: bot can't initiate conversation with a user", "cannot_initiate")]
    [InlineData(400, "Bad Request: wrong file identifier/HTTP URL specified", "media_unsupported")]
    [InlineData(400, "Bad Request: failed to get HTTP URL content", "media_unsupported")]
    [InlineData(400, "Bad Request: message is too long", "invalid_content")]
    [InlineData(400, "Bad Request: can't parse entities", "provider_error")]
    [InlineData(404, "Not Found", "provider_error")]
    public async Task OtherRefusalsArePermanent(int status, string description, string code)
    {
        _telegram.Fake.InjectFault(new Fault(status, $$"""{"ok":false,"error_code":{{status}},"description":"{{description}}"}"""));

        var result = await _telegram.SendAsync(Hello);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error.ShouldBe(new MessageError(code, $"Telegram {status}: {description}"));
    }

    [Fact]
    public async Task TheFakesFaultHelpersArePermanentRefusals()
    {
        _telegram.Fake.InjectFault(FakeTelegram.Blocked(), count: 1);
        (await _telegram.SendAsync(Hello)).Error?.Code.ShouldBe("recipient_blocked");

        _telegram.Fake.InjectFault(FakeTelegram.ChatNotFound(), count: 1);
        (await _telegram.SendAsync(Hello)).Error?.Code.ShouldBe("invalid_recipient");

        _telegram.Fake.BlockChat(555);
        (await _telegram.SendAsync(Hello, to: "555")).Error?.Code.ShouldBe("recipient_blocked");
        (await _telegram.SendAsync(Hello)).Outcome.ShouldBe(SendOutcome.Sent);
    }

    [Fact]
    public async Task AMigratedGroupIsPermanentAndNamesTheNewChat()
    {
        _telegram.Fake.InjectFault(FakeTelegram.ChatMigrated(-1009876543210));

        var result = await _telegram.SendAsync(Hello, to: "-4567");

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error?.Code.ShouldBe("chat_migrated");
        result.Error?.Message.ShouldContain("-1009876543210");
    }

    [Fact]
    public async Task AWrongTokenIsAuthFailed()
    {
        var settings = TelegramHarness.Channel(_telegram.Fake.BaseUrl.AbsoluteUri, botToken: "7123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var result = await _telegram.Adapter.SendAsync(settings, TelegramHarness.Outbound(Hello), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error.ShouldBe(new MessageError("auth_failed", "Telegram 401: Unauthorized"));
    }

    [Fact]
    public async Task AHangLongerThanTheClientTimeoutIsAnUnknownOutcomeNotARetry()
    {
        // Telegram may have delivered the message before it stopped answering: retrying could send it twice.
        await using var telegram = await TelegramHarness.StartAsync(clientTimeout: TimeSpan.FromMilliseconds(300));
        telegram.Fake.InjectFault(Fault.Hang(TimeSpan.FromSeconds(10)));

        var result = await telegram.SendAsync(Hello);

        result.Outcome.ShouldBe(SendOutcome.Unknown);
        result.Error?.Code.ShouldBe("provider_timeout");
    }

    [Fact]
    public async Task AnUnreachableServerIsRetryable()
    {
        var settings = TelegramHarness.Channel($"http://127.0.0.1:{ClosedPort()}/");

        var result = await _telegram.Adapter.SendAsync(settings, TelegramHarness.Outbound(Hello), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error?.Code.ShouldBe("provider_unreachable");
    }

    /// <summary>A loopback port nothing listens on (just released by a listener).</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
