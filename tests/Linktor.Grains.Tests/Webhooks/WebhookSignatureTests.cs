using Linktor.Grains.Webhooks;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Webhooks;

/// <summary><c>Linktor-Signature</c> as API.md defines it, checked against a vector computed outside .NET (Python's hmac).</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret-0123456789";
    private const string Body = """{"id":"e1","event":"message.created"}""";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void TheSignatureIsTheHexHmacSha256OfTheTimestampADotAndTheRawBody() =>
        WebhookSignature.Create(Secret, At, Body).ShouldBe("t=1795000000,v1=753fd5804b5a4d82cd68f77e7f2f2cefacab6585a9c253b19e58512f24101296");

    [Fact]
    public void AnyChangeToSecretTimeOrBodyChangesTheSignature()
    {
        var original = WebhookSignature.Create(Secret, At, Body).Split(",v1=")[1];
        WebhookSignature.Create(Secret + "x", At, Body).ShouldNotEndWith(original);
        WebhookSignature.Create(Secret, At.AddSeconds(1), Body).ShouldNotEndWith(original);
        WebhookSignature.Create(Secret, At, Body.Replace("e1", "e2", StringComparison.Ordinal)).ShouldNotEndWith(original);
    }

    [Fact]
    public void GeneratedSecretsAreLongRandomAndMarked()
    {
        var (a, b) = (WebhookSecrets.New(), WebhookSecrets.New());
        a.ShouldStartWith("whsec_");
        a.Length.ShouldBe("whsec_".Length + 43, "32 random bytes, base64url");
        a.ShouldNotBe(b);
    }
}
