using Linktor.Adapters.Tests.Telegram;
using Linktor.Adapters.Tests.Twilio;
using Linktor.Adapters.Tests.WhatsApp;
using Linktor.Contracts.Channels;
using Shouldly;
using Xunit;

namespace Linktor.Adapters.Tests.Fuzzing;

/// <summary>
/// Every adapter's webhook parser against damaged and mutated copies of its provider's real payloads (the fixtures):
/// a parse answers events or a clear rejection (<see cref="WebhookFormatException"/>, answered 400), never another
/// exception (a 500 the provider retries forever, or a silo fault). Verification must not throw either: it runs on
/// whatever anyone posts. The web-chat adapter takes no provider webhooks (visitors write over its hub), so it has
/// no parser to fuzz. Mutations are seeded per fixture: a failure's message names the seed and the payload.
/// </summary>
public sealed class WebhookParserFuzzTests
{
    private const int MutationsPerFixture = 300;

    public static TheoryData<string> WhatsAppFixtures() =>
        [.. Fixtures.Named("whatsapp_").Where(n => !n.StartsWith("whatsapp_api_", StringComparison.Ordinal))];

    public static TheoryData<string> TelegramFixtures() =>
        [.. Fixtures.Named("telegram_").Where(n => !n.StartsWith("telegram_api_", StringComparison.Ordinal))];

    public static TheoryData<string> TwilioFixtures() => [.. Fixtures.Named("twilio_").Where(n => n.EndsWith(".form", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(WhatsAppFixtures))]
    public void WhatsAppParsesOrRefusesEveryVariantOf(string fixture) =>
        Fuzz(fixture, WhatsAppTestChannel.Adapter(), WhatsAppTestChannel.Settings(config: [new("phone_number_id", "106540352242922")]),
            body => Json(body, new Dictionary<string, string> { ["x-hub-signature-256"] = "sha256=" + new string('0', 64) }), json: true);

    [Theory]
    [MemberData(nameof(TelegramFixtures))]
    public void TelegramParsesOrRefusesEveryVariantOf(string fixture) =>
        Fuzz(fixture, TelegramHarness.OfflineAdapter, TelegramHarness.Channel(), body => TelegramHarness.Hook(body), json: true);

    [Theory]
    [MemberData(nameof(TwilioFixtures))]
    public void TwilioParsesOrRefusesEveryVariantOf(string fixture) =>
        Fuzz(fixture, TwilioTestKit.Adapter(), TwilioTestKit.Settings(), body => TwilioTestKit.Webhook(body, signature: "bm90LWEtc2lnbmF0dXJl"), json: false);

    private static void Fuzz(string fixture, IChannelAdapter adapter, ChannelSettings settings, Func<byte[], WebhookRequest> request, bool json)
    {
        var original = Fixtures.Bytes(fixture);
        var seed = StableSeed(fixture);
        var mutator = new PayloadMutator(seed);
        var parsed = 0;
        var refused = 0;
        for (var i = 0; i < MutationsPerFixture; i++)
        {
            var body = (i % 3, json) switch
            {
                (0, _) => mutator.DamageBytes(original),
                (_, true) => mutator.MutateJson(original) ?? mutator.DamageBytes(original),
                _ => mutator.MutateForm(original),
            };
            var call = request(body);
            try
            {
                // Forged signatures: verification answers a verdict, whatever the body.
                adapter.VerifyWebhook(settings, call).ShouldNotBeNull();
                var events = adapter.ParseWebhook(settings, call);
                events.ShouldNotBeNull();
                events.ShouldAllBe(e => e != null);
                parsed++;
            }
            catch (WebhookFormatException)
            {
                refused++;
            }
            catch (Exception ex) when (ex is not ShouldAssertException)
            {
                throw new ShouldAssertException(
                    $"{fixture}, seed {seed}, variant {i}: {ex.GetType().Name}: {ex.Message}\nbody: {Preview(body)}", ex);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{fixture}: {parsed} parsed, {refused} refused (seed {seed})");
        (parsed + refused).ShouldBe(MutationsPerFixture);
    }

    private static WebhookRequest Json(byte[] body, Dictionary<string, string> headers) => new()
    {
        Method = "POST",
        Url = "https://linktor.example.com/hooks/9b2e7c41-3d5a-4f68-8e1b-2c3d4e5f6a7b",
        Headers = headers,
        Body = body,
        ContentType = "application/json",
    };

    /// <summary>The same seed for a fixture on every run and machine (string.GetHashCode is randomized per process).</summary>
    private static int StableSeed(string fixture) => fixture.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));

    private static string Preview(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        return text.Length <= 2_000 ? text : text[..2_000] + "…";
    }
}
