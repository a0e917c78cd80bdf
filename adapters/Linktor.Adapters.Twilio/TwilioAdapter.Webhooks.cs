using Linktor.Adapters.Twilio.Internals;
using Linktor.Contracts.Channels;

namespace Linktor.Adapters.Twilio;

public sealed partial class TwilioAdapter
{
    private const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>
    /// <c>X-Twilio-Signature</c> over the URL Twilio called and the POST parameters, keyed with the auth
    /// token: missing → 401, not matching (with or without the default port) → 403.
    /// </summary>
    public WebhookVerdict VerifyWebhook(ChannelSettings settings, WebhookRequest request)
    {
        if (settings.Secret(TwilioConfigKeys.AuthToken) is not { } authToken)
        {
            return WebhookVerdict.Unauthorized("The channel has no Twilio auth token to check signatures with.");
        }

        if (request.Header(SignatureHeader) is not { Length: > 0 } signature)
        {
            return WebhookVerdict.Unauthorized($"Missing {SignatureHeader}.");
        }

        IReadOnlyList<KeyValuePair<string, string>> parameters;
        try
        {
            parameters = SignedParameters(request);
        }
        catch (WebhookFormatException)
        {
            return WebhookVerdict.Forbidden($"{SignatureHeader} cannot match a body that is not form data.");
        }

        foreach (var url in TwilioSignature.UrlVariants(request.Url))
        {
            if (Signatures.FixedTimeEquals(TwilioSignature.Compute(url, parameters, authToken), signature))
            {
                return WebhookVerdict.Accept();
            }
        }

        return WebhookVerdict.Forbidden($"{SignatureHeader} does not match the URL and parameters under this channel's auth token.");
    }

    /// <summary>
    /// An inbound SMS/MMS (<c>SmsStatus=received</c>) or a status callback (<c>MessageStatus</c>).
    /// Webhooks of another Twilio account are skipped: the channel only speaks for its own.
    /// </summary>
    public IReadOnlyList<InboundEvent> ParseWebhook(ChannelSettings settings, WebhookRequest request) =>
        WebhookFormatException.Guard("Twilio", () => ReadWebhook(settings, request));

    private IReadOnlyList<InboundEvent> ReadWebhook(ChannelSettings settings, WebhookRequest request)
    {
        var form = TwilioForm.FirstValues(ReadParameters(request));
        var accountSid = TwilioWebhookParser.Value(form, "AccountSid");
        var channelAccountSid = settings.ConfigValue(TwilioConfigKeys.AccountSid);
        if (accountSid is not null && !string.Equals(accountSid, channelAccountSid, StringComparison.Ordinal))
        {
            logger.ForeignAccount(accountSid, settings.ChannelId);
            return [];
        }

        // Status callbacks carry MessageStatus (and SmsStatus); inbound messages only SmsStatus=received.
        var status = TwilioWebhookParser.Value(form, "MessageStatus") ?? TwilioWebhookParser.Value(form, "SmsStatus");
        var isInbound = status == TwilioWebhookParser.Received
                        || (status is null && (form.ContainsKey("Body") || form.ContainsKey("NumMedia")));
        if (isInbound)
        {
            return TwilioWebhookParser.Message(form);
        }

        if (status is not null && TwilioWebhookParser.Status(form, status, clock.GetUtcNow()) is { } statusEvent)
        {
            return [statusEvent];
        }

        logger.UnknownWebhook(settings.ChannelId, status ?? "");
        return [];
    }

    /// <summary>What Twilio signs: the POST form parameters (a GET's are in the URL already).</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> SignedParameters(WebhookRequest request) =>
        IsGet(request.Method) ? [] : TwilioForm.Parse(request.Body);

    private static IReadOnlyList<KeyValuePair<string, string>> ReadParameters(WebhookRequest request)
    {
        if (IsGet(request.Method))
        {
            return [.. request.Query];
        }

        if (request.ContentType is { } contentType
            && !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw new WebhookFormatException($"Twilio posts application/x-www-form-urlencoded, not {contentType}.");
        }

        if (request.Body.Length == 0)
        {
            throw new WebhookFormatException("The Twilio webhook has an empty body.");
        }

        return TwilioForm.Parse(request.Body);
    }

    private static bool IsGet(string method) => string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase);
}
