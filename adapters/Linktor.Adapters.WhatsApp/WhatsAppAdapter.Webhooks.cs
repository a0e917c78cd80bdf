using System.Security.Cryptography;
using System.Text;
using Linktor.Adapters.WhatsApp.Internals;
using Linktor.Contracts.Channels;

namespace Linktor.Adapters.WhatsApp;

public sealed partial class WhatsAppAdapter
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    private const string SignaturePrefix = "sha256=";

    /// <summary>
    /// GET: Meta's subscription handshake (<c>hub.mode=subscribe</c>, <c>hub.verify_token</c>, answered
    /// with <c>hub.challenge</c>). POST: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(app secret, raw body)&gt;</c>.
    /// </summary>
    public WebhookVerdict VerifyWebhook(ChannelSettings settings, WebhookRequest request)
    {
        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return VerifyHandshake(settings, request);
        }

        if (settings.Secret(WhatsAppCredentialKeys.AppSecret) is not { } appSecret)
        {
            return WebhookVerdict.Unauthorized("The channel has no app secret to check webhook signatures with.");
        }

        if (request.Header(SignatureHeader) is not { Length: > 0 } signature)
        {
            return WebhookVerdict.Unauthorized($"The {SignatureHeader} header is missing.");
        }

        // Hex digits are not secret: compare in lower case, in constant time.
        return Signatures.FixedTimeEquals(Sign(request.Body, appSecret), signature.Trim().ToLowerInvariant())
            ? WebhookVerdict.Accept()
            : WebhookVerdict.Forbidden($"The {SignatureHeader} signature does not match the body.");
    }

    public IReadOnlyList<InboundEvent> ParseWebhook(ChannelSettings settings, WebhookRequest request) =>
        WebhookFormatException.Guard("WhatsApp", () => WhatsAppWebhookParser.Parse(request.Body, settings.ConfigValue(WhatsAppConfigKeys.PhoneNumberId)));

    /// <summary>The <c>X-Hub-Signature-256</c> value Meta sends for <paramref name="body"/>.</summary>
    public static string Sign(byte[] body, string appSecret) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    private static WebhookVerdict VerifyHandshake(ChannelSettings settings, WebhookRequest request)
    {
        if (request.QueryValue("hub.verify_token") is not { } token)
        {
            return WebhookVerdict.Unauthorized("hub.verify_token is missing.");
        }

        if (request.QueryValue("hub.mode") != "subscribe" || request.QueryValue("hub.challenge") is not { } challenge)
        {
            return WebhookVerdict.Forbidden("Not a webhook subscription handshake (hub.mode=subscribe with hub.challenge).");
        }

        return Signatures.FixedTimeEquals(settings.Secret(WhatsAppCredentialKeys.VerifyToken), token)
            ? WebhookVerdict.Respond(challenge)
            : WebhookVerdict.Forbidden("hub.verify_token does not match the channel's verify token.");
    }
}
