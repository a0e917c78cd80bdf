using System.Net;
using System.Net.Sockets;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>Graph errors keyed on <c>error.code</c>: throttling and outages are retried, the rest refused for good with a Linktor code.</summary>
public sealed class WhatsAppSendErrorTests : IAsyncLifetime
{
    private readonly FakeWhatsApp _fake = new();
    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public ValueTask DisposeAsync() => _fake.DisposeAsync();

    [Fact]
    public async Task ThrottledWithRetryAfterIsRetriedAfterThatWait()
    {
        _fake.InjectFault(FakeWhatsApp.Throttled(TimeSpan.FromSeconds(7)), count: 1, FakeWhatsApp.IsSend);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        result.Error.ShouldBe(new MessageError("rate_limited", "WhatsApp 130429: Rate limit hit (Cloud API message throughput has been reached.)"));
        (await SendAsync()).Outcome.ShouldBe(SendOutcome.Sent); // one fault only: the retry goes through
    }

    [Fact]
    public async Task ThroughputCodeIsRetryableEvenAsHttp400()
    {
        _fake.InjectFault(new Fault(400, Fixtures.Text("whatsapp_api_error_130429.json")));

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe("rate_limited");
        result.RetryAfter.ShouldBeNull();
    }

    [Fact]
    public async Task PairRateLimitIsRetriedAfterThePairInterval()
    {
        _fake.InjectFault(new Fault(400, Fixtures.Text("whatsapp_api_error_131056.json")));

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe("rate_limited");
        result.Error.Message.ShouldStartWith("WhatsApp 131056: (Business Account, Consumer Account) pair rate limit hit");
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(6));
    }

    [Theory]
    [InlineData(400, 4, "rate_limited")]
    [InlineData(400, 80007, "rate_limited")]
    [InlineData(500, 2, "provider_unavailable")]
    [InlineData(400, 131057, "provider_unavailable")]
    [InlineData(503, 100, "provider_unavailable")] // 5xx: retried whatever the code says
    public async Task TemporaryCodesAreRetryable(int status, int code, string expected)
    {
        _fake.InjectFault(FakeWhatsApp.GraphError(status, code, "Temporary"));

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe(expected);
    }

    [Fact]
    public async Task ServerErrorWithoutGraphBodyIsRetryable()
    {
        _fake.InjectFault(new Fault(502, "<html>Bad gateway</html>", "text/html"));

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error.ShouldBe(new MessageError("provider_unavailable", "WhatsApp answered HTTP 502."));
    }

    [Fact]
    public async Task ServiceUnavailableFaultIsRetryable() =>
        (await SendWith(FakeWhatsApp.Unavailable())).Outcome.ShouldBe(SendOutcome.Retryable);

    [Theory]
    [InlineData(400, 131047, "reply_window_closed")]
    [InlineData(400, 470, "reply_window_closed")]
    [InlineData(400, 131026, "recipient_unreachable")]
    [InlineData(400, 131030, "recipient_not_allowed")]
    [InlineData(400, 131050, "recipient_unsubscribed")]
    [InlineData(400, 131049, "delivery_declined")]
    [InlineData(400, 131051, "media_unsupported")]
    [InlineData(400, 131052, "media_unsupported")]
    [InlineData(400, 131053, "media_unsupported")]
    [InlineData(400, 100, "invalid_request")]
    [InlineData(400, 131008, "invalid_request")]
    [InlineData(400, 131009, "invalid_request")]
    [InlineData(400, 132001, "template_invalid")]
    [InlineData(400, 132000, "template_invalid")]
    [InlineData(400, 131048, "spam_rate_limited")]
    [InlineData(400, 368, "account_restricted")]
    [InlineData(401, 190, "auth_failed")]
    [InlineData(403, 10, "auth_failed")]
    [InlineData(403, 200, "auth_failed")]
    [InlineData(400, 999999, "provider_error")]
    public async Task PermanentCodesMapToLinktorCodes(int status, int code, string expected)
    {
        var result = await SendWith(FakeWhatsApp.GraphError(status, code, "Provider says no", "details here"));

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error.ShouldBe(new MessageError(expected, $"WhatsApp {code}: Provider says no (details here)"));
        result.RetryAfter.ShouldBeNull();
    }

    [Fact]
    public async Task ReplyWindowFaultIsPermanent() =>
        (await SendWith(FakeWhatsApp.ReplyWindowClosed())).Error!.Code.ShouldBe("reply_window_closed");

    [Fact]
    public async Task AWrongTokenIsAuthFailed()
    {
        var result = await _adapter.SendAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl, credentials: [new("access_token", "expired")]),
            WhatsAppTestChannel.Outbound(MessageContent.FromText("hi")),
            TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("auth_failed");
        result.Error.Message.ShouldStartWith("WhatsApp 190: Invalid OAuth access token");
        _fake.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task ANumberTheTokenDoesNotOwnIsInvalidRequest()
    {
        var result = await _adapter.SendAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl, config: [new("phone_number_id", "123456789")]),
            WhatsAppTestChannel.Outbound(MessageContent.FromText("hi")),
            TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("invalid_request");
    }

    [Fact]
    public async Task AHangLongerThanTheClientTimeoutIsAnUnknownOutcomeNotARetry()
    {
        var adapter = WhatsAppTestChannel.Adapter(o => o.HttpTimeout = TimeSpan.FromMilliseconds(300));
        _fake.InjectFault(Fault.Hang(TimeSpan.FromSeconds(30)));

        var result = await adapter.SendAsync(
            WhatsAppTestChannel.Settings(_fake.BaseUrl), WhatsAppTestChannel.Outbound(MessageContent.FromText("hi")), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Unknown, "the request left: WhatsApp may have the message, and a retry could send it twice");
        result.Error!.Code.ShouldBe("provider_timeout");
    }

    [Fact]
    public async Task AnUnreachableServerIsRetryable()
    {
        var result = await _adapter.SendAsync(
            WhatsAppTestChannel.Settings(new Uri($"http://127.0.0.1:{ClosedPort()}/")),
            WhatsAppTestChannel.Outbound(MessageContent.FromText("hi")),
            TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe("provider_unreachable");
    }

    public static TheoryData<MessageContent> Unmappable() =>
    [
        new MessageContent { Type = ContentTypes.Unsupported, Text = "?" },
        new MessageContent { Type = ContentTypes.Text },
        new MessageContent { Type = ContentTypes.Image },
        new MessageContent { Type = ContentTypes.Reaction, Reaction = new ReactionContent { MessageId = Guid.NewGuid(), Emoji = "👍" } },
        new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent
            {
                Type = "buttons",
                Body = "Pick one",
                Buttons = [.. Enumerable.Range(1, 4).Select(i => new InteractiveOption { Id = $"b{i}", Title = $"B{i}" })],
            },
        },
        new MessageContent
        {
            Type = ContentTypes.Interactive,
            Interactive = new InteractiveContent { Type = "button_reply", Body = "x", Reply = new InteractiveOption { Id = "a", Title = "A" } },
        },
    ];

    [Theory]
    [MemberData(nameof(Unmappable))]
    public async Task ContentWhatsappCannotCarryIsRefusedWithoutACall(MessageContent content)
    {
        var result = await _adapter.SendAsync(WhatsAppTestChannel.Settings(_fake.BaseUrl), WhatsAppTestChannel.Outbound(content), TestContext.Current.CancellationToken);

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error!.Code.ShouldBe("unsupported_content");
        _fake.Requests.ShouldBeEmpty();
    }

    private async Task<SendResult> SendWith(Fault fault)
    {
        _fake.InjectFault(fault, applies: FakeWhatsApp.IsSend);
        return await SendAsync();
    }

    private Task<SendResult> SendAsync() =>
        _adapter.SendAsync(WhatsAppTestChannel.Settings(_fake.BaseUrl), WhatsAppTestChannel.Outbound(MessageContent.FromText("hi")), TestContext.Current.CancellationToken);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // free again once stopped
    }
}
