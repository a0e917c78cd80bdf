using System.Net;
using System.Net.Sockets;
using Linktor.Contracts.Messages;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

/// <summary>How Twilio's answers are classified: retry later (with Twilio's wait) or fail for good, with a Linktor code.</summary>
public sealed class TwilioSendErrorTests : FakeTwilioTestBase
{
    private Task<SendResult> SendAsync(IChannelAdapter? adapter = null, ChannelSettings? settings = null) =>
        (adapter ?? Adapter).SendAsync(settings ?? Channel(), Outbound(MessageContent.FromText("hi")), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Any2xxIsSentAndTheSidIsTheExternalId()
    {
        Fake.InjectFault(new Fault(200, Fixtures.Text("twilio_api_message_create_response.json")), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Sent);
        result.ExternalId.ShouldBe("SM0b6e2697aae04182a9f5b5c7a8994c7f");
    }

    [Fact]
    public async Task TooManyRequestsIsRetryableAfterTwiliosRetryAfter()
    {
        Fake.InjectFault(FakeTwilio.TooManyRequests(retryAfterSeconds: 7), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(7));
        result.Error.ShouldBe(new MessageError("rate_limited", "Twilio 20429: Too Many Requests"));
    }

    [Fact]
    public async Task The20429FixtureIsRetryableAsRateLimited()
    {
        Fake.InjectFault(new Fault(429, Fixtures.Text("twilio_api_error_20429.json")), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.RetryAfter.ShouldBeNull();
        result.Error!.Code.ShouldBe("rate_limited");
    }

    [Fact]
    public async Task The21610FixtureIsAPermanentUnsubscribedRecipient()
    {
        Fake.InjectFault(new Fault(400, Fixtures.Text("twilio_api_error_21610.json")), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error.ShouldBe(new MessageError("recipient_unsubscribed", "Twilio 21610: Attempt to send to unsubscribed recipient"));
    }

    [Fact]
    public async Task ARecipientWhoOptedOutAtTheFakeIsUnsubscribed()
    {
        Fake.OptOut(Contact);

        (await SendAsync()).Error!.Code.ShouldBe("recipient_unsubscribed");
    }

    public static TheoryData<int, int, string> PermanentErrors() => new()
    {
        { 400, 21211, "invalid_recipient" },
        { 400, 21614, "invalid_recipient" },
        { 400, 21612, "invalid_recipient" },
        { 400, 21408, "region_not_permitted" },
        { 401, 20003, "auth_failed" },
        { 400, 21606, "invalid_sender" },
        { 400, 21620, "media_unsupported" },
        { 400, 21999, "provider_error" },
        { 404, 20404, "provider_error" },
    };

    [Theory]
    [MemberData(nameof(PermanentErrors))]
    public async Task TwilioErrorsArePermanentWithTheMappedCode(int status, int code, string expected)
    {
        Fake.InjectFault(FakeTwilio.Error(status, code, "Something Twilio said"), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Permanent);
        result.Error.ShouldBe(new MessageError(expected, $"Twilio {code}: Something Twilio said"));
    }

    [Fact]
    public async Task A401WithoutTwiliosJsonIsStillAuthFailed()
    {
        Fake.InjectFault(new Fault(401, "Unauthorized", "text/plain"), count: 1);

        (await SendAsync()).Error!.Code.ShouldBe("auth_failed");
    }

    [Fact]
    public async Task AFullSenderQueueIsRetryable()
    {
        Fake.InjectFault(FakeTwilio.Error(400, 21611, "This 'From' number has exceeded the maximum number of queued messages"), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe("rate_limited");
    }

    [Fact]
    public async Task AServerErrorIsRetryable()
    {
        Fake.InjectFault(FakeTwilio.ServerError(), count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe("provider_unavailable");
        result.Error.Message.ShouldBe("Twilio 20500: An internal server error has occurred");
    }

    [Fact]
    public async Task A503WithAnHtmlPageAndRetryAfterIsRetryableAfterThatWait()
    {
        Fake.InjectFault(new Fault(503, "<html>Service Unavailable</html>", "text/html")
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = "12" },
        }, count: 1);

        var result = await SendAsync();

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.RetryAfter.ShouldBe(TimeSpan.FromSeconds(12));
        result.Error!.Message.ShouldBe("Twilio HTTP 503: <html>Service Unavailable</html>");
    }

    [Fact]
    public async Task AHangLongerThanTheClientTimeoutIsAnUnknownOutcomeNotARetry()
    {
        // Twilio may have accepted the message before it stopped answering: retrying could send it twice.
        var impatient = TwilioTestKit.Adapter(httpTimeout: TimeSpan.FromMilliseconds(300));
        Fake.InjectFault(Fault.Hang(TimeSpan.FromSeconds(30)), count: 1);

        var result = await SendAsync(impatient);

        result.Outcome.ShouldBe(SendOutcome.Unknown);
        result.Error?.Code.ShouldBe("provider_timeout");
        result.Error!.Code.ShouldBe("provider_timeout");
    }

    [Fact]
    public async Task AnUnreachableServerIsRetryable()
    {
        var result = await SendAsync(settings: Settings(new Uri($"http://127.0.0.1:{ClosedPort()}/")));

        result.Outcome.ShouldBe(SendOutcome.Retryable);
        result.Error!.Code.ShouldBe("provider_unreachable");
    }

    [Fact]
    public async Task AfterARetryableFaultTheRetryGoesThrough()
    {
        Fake.InjectFault(FakeTwilio.ServerError(), count: 1);

        (await SendAsync()).Outcome.ShouldBe(SendOutcome.Retryable);
        (await SendAsync()).Outcome.ShouldBe(SendOutcome.Sent);
        Fake.SentMessages.ShouldHaveSingleItem();
    }

    /// <summary>A loopback port nobody listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
