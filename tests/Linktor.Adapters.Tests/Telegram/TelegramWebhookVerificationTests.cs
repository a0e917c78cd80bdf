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
    public void The_channels_secret_is_accepted()
    {
        var verdict = Verify(TelegramHarness.SecretToken);
        verdict.Accepted.ShouldBeTrue();
        verdict.StatusCode.ShouldBe(200);
    }

    [Fact]
    public void A_missing_header_is_unauthorized()
    {
        var verdict = Verify(header: null);
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(401);
    }

    [Fact]
    public void An_empty_header_is_unauthorized() => Verify("").StatusCode.ShouldBe(401);

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(TelegramHarness.SecretToken + "x")]
    [InlineData("linktor_test_secret-TOKEN_012345678X")]
    [InlineData("LINKTOR_TEST_SECRET-TOKEN_0123456789")]
    public void A_different_secret_is_forbidden(string header)
    {
        var verdict = Verify(header);
        verdict.Accepted.ShouldBeFalse();
        verdict.StatusCode.ShouldBe(403);
    }

    [Fact]
    public void A_channel_without_a_secret_refuses_every_call() => Verify(TelegramHarness.SecretToken, channelSecret: null).StatusCode.ShouldBe(401);

    [Fact]
    public void The_fakes_secret_header_is_what_the_adapter_checks()
    {
        var (name, value) = FakeTelegram.SecretHeader(TelegramHarness.SecretToken);
        name.ShouldBe(TelegramSettingKeys.SecretTokenHeader);
        Verify(value).Accepted.ShouldBeTrue();
    }
}
