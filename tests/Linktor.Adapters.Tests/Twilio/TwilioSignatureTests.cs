using System.Text;
using Linktor.Contracts.Channels;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;
using static Linktor.Adapters.Tests.Twilio.TwilioTestKit;

namespace Linktor.Adapters.Tests.Twilio;

public sealed class TwilioSignatureTests
{
    private readonly IChannelAdapter _adapter = Adapter();

    public static TheoryData<string> SignedFixtures() =>
        [.. Vectors.GetProperty("vectors").EnumerateObject().Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(SignedFixtures))]
    public void TheFixtureVectorsVerify(string fixture)
    {
        var verdict = _adapter.VerifyWebhook(Settings(), FixtureWebhook(fixture));

        verdict.Accepted.ShouldBeTrue(verdict.Reason);
        verdict.StatusCode.ShouldBe(200);
    }

    [Fact]
    public void TheSdkReferenceVectorWithAQueryStringVerifies()
    {
        var vector = SignatureFile.GetProperty("twilio_sdk_reference_vector");
        var form = vector.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var request = Webhook(FakeTwilio.FormBody(form), vector.GetProperty("expected").GetString(), vector.GetProperty("url").GetString());

        var verdict = _adapter.VerifyWebhook(Settings(authToken: vector.GetProperty("auth_token").GetString()), request);

        verdict.Accepted.ShouldBeTrue(verdict.Reason);
    }

    [Theory]
    [MemberData(nameof(SignedFixtures))]
    public void TheFakesSignerAgreesWithTheVectors(string fixture)
    {
        FakeTwilio.Signature(WebhookUrl, FixtureForm(fixture), AuthToken).ShouldBe(Vectors.GetProperty("vectors").GetProperty(fixture).GetString());
    }

    [Fact]
    public void AFlippedBodyByteIsForbidden()
    {
        var request = FixtureWebhook("twilio_sms_inbound.form");
        var body = request.Body.ToArray();
        body[^1] ^= 0x01; // ApiVersion=2010-04-01 → …-00

        var verdict = _adapter.VerifyWebhook(Settings(), request with { Body = body });

        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(403);
    }

    [Fact]
    public void AnotherUrlIsForbidden()
    {
        var request = FixtureWebhook("twilio_sms_inbound.form") with { Url = WebhookUrl.Replace("9b2e7c41", "00000000", StringComparison.Ordinal) };

        _adapter.VerifyWebhook(Settings(), request).StatusCode.ShouldBe(403);
    }

    [Fact]
    public void AWrongAuthTokenIsForbidden()
    {
        var verdict = _adapter.VerifyWebhook(Settings(authToken: "54321"), FixtureWebhook("twilio_sms_inbound.form"));

        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(403);
    }

    [Fact]
    public void AMissingSignatureIsUnauthorized()
    {
        var verdict = _adapter.VerifyWebhook(Settings(), Webhook(Fixtures.Bytes("twilio_sms_inbound.form")));

        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(401);
    }

    [Fact]
    public void AChannelWithoutAnAuthTokenRefusesAsUnauthorized()
    {
        var settings = Settings() with { Credentials = new Dictionary<string, string>() };

        _adapter.VerifyWebhook(settings, FixtureWebhook("twilio_sms_inbound.form")).StatusCode.ShouldBe(401);
    }

    [Fact]
    public void ABodyThatIsNotUtf8IsForbiddenNotThrown()
    {
        var request = FixtureWebhook("twilio_sms_inbound.form") with { Body = [0xff, 0xfe, 0x41] };

        _adapter.VerifyWebhook(Settings(), request).StatusCode.ShouldBe(403);
    }

    [Theory]
    [InlineData("https://linktor.example.com/hooks/abc", "https://linktor.example.com:443/hooks/abc")]
    [InlineData("https://linktor.example.com:443/hooks/abc", "https://linktor.example.com/hooks/abc")]
    [InlineData("http://linktor.example.com:80/hooks/abc?x=1", "http://linktor.example.com/hooks/abc?x=1")]
    public void ASignatureOverTheUrlWithOrWithoutTheDefaultPortVerifies(string signedUrl, string receivedUrl)
    {
        var form = FakeTwilio.InboundSms(AccountSid, ChannelNumber, Contact, "SM00000000000000000000000000000001", "hi");
        var request = Webhook(FakeTwilio.FormBody(form), FakeTwilio.Signature(signedUrl, form, AuthToken), receivedUrl);

        _adapter.VerifyWebhook(Settings(), request).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void AGetWebhookIsSignedOverItsUrlAlone()
    {
        var url = WebhookUrl + "?MessageSid=SM1&Body=hi";
        var request = new WebhookRequest
        {
            Method = "GET",
            Url = url,
            Headers = new Dictionary<string, string> { ["x-twilio-signature"] = FakeTwilio.Signature(url, new Dictionary<string, string>(), AuthToken) },
        };

        _adapter.VerifyWebhook(Settings(), request).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void ASignedRequestFromTheFakeVerifies()
    {
        var form = FakeTwilio.StatusCallback(AccountSid, "SM1", "delivered", ChannelNumber, Contact);
        using var message = FakeTwilio.SignedRequest(new Uri(WebhookUrl), form, AuthToken);
        var request = Webhook(
            FakeTwilio.FormBody(form),
            message.Headers.GetValues(FakeTwilio.SignatureHeader).Single(),
            contentType: message.Content!.Headers.ContentType!.ToString());

        _adapter.VerifyWebhook(Settings(), request).Accepted.ShouldBeTrue();
        Encoding.UTF8.GetString(request.Body).ShouldContain("MessageStatus=delivered");
    }
}
