using System.Text.Json;
using Linktor.Contracts.Channels;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.WhatsApp;

/// <summary>Meta's subscription handshake and <c>X-Hub-Signature-256</c> over the raw body.</summary>
public sealed class WhatsAppWebhookVerificationTests
{
    private readonly IChannelAdapter _adapter = WhatsAppTestChannel.Adapter();
    private readonly ChannelSettings _settings = WhatsAppTestChannel.Settings();

    /// <summary>The vectors of fixtures/signatures.json (Messenger's and Instagram's use the same algorithm and secret).</summary>
    public static TheoryData<string, string> SignatureVectors()
    {
        using var document = JsonDocument.Parse(Fixtures.Text("signatures.json"));
        var meta = document.RootElement.GetProperty("meta");
        meta.GetProperty("app_secret").GetString().ShouldBe(FakeWhatsApp.DefaultAppSecret);
        return [.. meta.GetProperty("vectors").EnumerateObject().Select(v => (v.Name, v.Value.GetString()!))];
    }

    [Theory]
    [MemberData(nameof(SignatureVectors))]
    public void SignatureVectorsVerify(string fixture, string signature)
    {
        var verdict = _adapter.VerifyWebhook(_settings, Post(Fixtures.Bytes(fixture), signature));
        verdict.Accepted.ShouldBeTrue(verdict.Reason);
        verdict.StatusCode.ShouldBe(200);
        FakeWhatsApp.Signature(Fixtures.Bytes(fixture)).ShouldBe(signature);
    }

    [Fact]
    public void UpperCaseHexIsTheSameSignature()
    {
        var body = Fixtures.Bytes("whatsapp_inbound_text.json");
        var signature = "sha256=" + FakeWhatsApp.Signature(body)["sha256=".Length..].ToUpperInvariant();
        _adapter.VerifyWebhook(_settings, Post(body, signature)).Accepted.ShouldBeTrue();
    }

    [Fact]
    public void AFlippedBodyByteIsForbidden()
    {
        var body = Fixtures.Bytes("whatsapp_inbound_text.json");
        var signature = FakeWhatsApp.Signature(body);
        body[body.Length / 2] ^= 0x01;
        var verdict = _adapter.VerifyWebhook(_settings, Post(body, signature));
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(403);
    }

    [Fact]
    public void AWrongSecretIsForbidden()
    {
        var body = Fixtures.Bytes("whatsapp_status_delivered.json");
        var verdict = _adapter.VerifyWebhook(_settings, Post(body, FakeWhatsApp.Signature(body, "not_the_app_secret")));
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(403);
    }

    [Theory]
    [InlineData("95fe3ce4b9d1b9ed897256f935e0d584fc04b19b79cae299a56b5e89f12864cc")] // right hex, no "sha256=" prefix
    [InlineData("sha1=95fe3ce4b9d1b9ed897256f935e0d584fc04b19b")]
    [InlineData("sha256=")]
    public void AMalformedSignatureIsForbidden(string signature)
    {
        var verdict = _adapter.VerifyWebhook(_settings, Post(Fixtures.Bytes("whatsapp_inbound_text.json"), signature));
        verdict.StatusCode.ShouldBe(403);
    }

    [Fact]
    public void AMissingSignatureIsUnauthorized()
    {
        var verdict = _adapter.VerifyWebhook(_settings, Post(Fixtures.Bytes("whatsapp_inbound_text.json"), signature: null));
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(401);
    }

    [Fact]
    public void AChannelWithoutAppSecretRefusesEveryPost()
    {
        var settings = WhatsAppTestChannel.Settings(credentials: [new("app_secret", "")]);
        var body = Fixtures.Bytes("whatsapp_inbound_text.json");
        _adapter.VerifyWebhook(settings, Post(body, FakeWhatsApp.Signature(body, ""))).StatusCode.ShouldBe(401);
    }

    [Fact]
    public void HandshakeOfTheFixtureAnswersTheChallenge()
    {
        // The fixture's request line: GET /hooks/{id}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock
        var requestLine = Fixtures.Text("meta_webhook_verification_request.txt").Split('\n')[0];
        var url = "https://linktor.example.com" + requestLine.Split(' ')[1];
        var verdict = _adapter.VerifyWebhook(_settings, Get(url));
        verdict.Accepted.ShouldBeFalse(); // nothing to store: the answer is the body
        verdict.StatusCode.ShouldBe(200);
        verdict.Body.ShouldBe("1158201444");
        verdict.ContentType.ShouldBe("text/plain");
    }

    [Fact]
    public void HandshakeWithTheFakesQueryAnswersTheChallenge()
    {
        var verdict = _adapter.VerifyWebhook(_settings, Get("https://linktor.example.com/hooks/x?" + FakeWhatsApp.VerificationQuery(WhatsAppTestChannel.VerifyToken, "42")));
        verdict.Body.ShouldBe("42");
    }

    [Fact]
    public void HandshakeWithAWrongTokenIsForbidden()
    {
        var verdict = _adapter.VerifyWebhook(_settings, Get("https://linktor.example.com/hooks/x?" + FakeWhatsApp.VerificationQuery("wrong-token")));
        verdict.StatusCode.ShouldBe(403);
        verdict.Body.ShouldBeNull();
    }

    [Fact]
    public void HandshakeWithoutATokenIsUnauthorized() =>
        _adapter.VerifyWebhook(_settings, Get("https://linktor.example.com/hooks/x?hub.mode=subscribe&hub.challenge=1")).StatusCode.ShouldBe(401);

    [Fact]
    public void HandshakeOfAnotherModeIsForbidden() =>
        _adapter.VerifyWebhook(_settings, Get($"https://linktor.example.com/hooks/x?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token={WhatsAppTestChannel.VerifyToken}"))
            .StatusCode.ShouldBe(403);

    private static WebhookRequest Post(byte[] body, string? signature) => new()
    {
        Method = "POST",
        Url = "https://linktor.example.com/hooks/x",
        Body = body,
        ContentType = "application/json",
        Headers = signature is null
            ? new Dictionary<string, string> { ["content-type"] = "application/json" }
            : new Dictionary<string, string> { ["content-type"] = "application/json", ["x-hub-signature-256"] = signature },
    };

    private static WebhookRequest Get(string url)
    {
        var query = new Uri(url).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
        return new WebhookRequest { Method = "GET", Url = url, Query = query };
    }
}
