using Linktor.Adapters.Telegram;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Telegram;

/// <summary>
/// Telegram signs no bodies (signatures.json has no Telegram vector): a webhook call is Telegram's
/// when it carries the channel's secret token in <c>X-Telegram-Bot-Api-Secret-Token</c>.
/// </summary>
public sealed class TelegramWebhookVerificationTests
{
    private static readonly byte[] Body = Fixtures.Bytes("telegram_update_text.json");

    private static WebhookVerdict Verify(string? header, string? channelSecret = TelegramHarness.SecretToken) =>
        TelegramHarness.OfflineAdapter.VerifyWebhook(TelegramHarness.Channel(secretToken: channelSecret), TelegramHarness.Hook(Body, header));

    [Fact]
    public void TheChannelsSecretIsAccepted()
    {
        var verdict = Verify(TelegramHarness.SecretToken);
        verdict.Accepted.ShouldBeTrue();
        verdict.StatusCode.ShouldBe(200);
    }

    [Fact]
    public void AMissingHeaderIsUnauthorized()
    {
        var verdict = Verify(header: null);
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(401);
    }

    [Fact]
    public void AnEmptyHeaderIsUnauthorized() => Verify("").StatusCode.ShouldBe(401);

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(TelegramHarness.SecretToken + "x")]
    [InlineData("linktor_test_secret-TOKEN_012345678X")]
    [InlineData("LINKTOR_TEST_SECRET-TOKEN_0123456789")]
    public void ADifferentSecretIsForbidden(string header)
    {
        var verdict = Verify(header);
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(403);
    }

    [Fact]
    public void AChannelWithoutASecretRefusesEveryCall() => Verify(TelegramHarness.SecretToken, channelSecret: null).StatusCode.ShouldBe(401);

    [Fact]
    public void TheFakesSecretHeaderIsWhatTheAdapterChecks()
    {
        var (name, value) = FakeTelegram.SecretHeader(TelegramHarness.SecretToken);
        name.ShouldBe(TelegramSettingKeys.SecretTokenHeader);
        Verify(value).Accepted.ShouldBeTrue();
    }
}
