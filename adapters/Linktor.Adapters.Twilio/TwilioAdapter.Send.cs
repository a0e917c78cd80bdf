using System.Text.Json;
using Linktor.Adapters.Twilio.Internals;

namespace Linktor.Adapters.Twilio;

public sealed partial class TwilioAdapter
{
    /// <summary>
    /// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form-encoded. The answer's <c>sid</c>
    /// is the external id; status callbacks name the message by it (they come to the channel's
    /// webhook URL, passed as <c>StatusCallback</c>). SMS has no quoting, so
    /// <see cref="OutboundMessage.ReplyToExternalId"/> is not sent.
    /// </summary>
    public async Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct)
    {
        var channel = TwilioChannel.Read(settings);
        if (!channel.CanCall)
        {
            return SendResult.Permanent("channel_misconfigured", "The channel has no Twilio account SID or auth token.");
        }

        if (NormalizeAddress(message.RecipientAddress) is not { } to)
        {
            return SendResult.Permanent("invalid_recipient", $"'{message.RecipientAddress}' is not an E.164 phone number.");
        }

        var form = new List<KeyValuePair<string, string>> { new("To", to) };
        form.Add(channel.MessagingServiceSid is { } service ? new("MessagingServiceSid", service) : new("From", channel.From ?? ""));
        if (TwilioMessageForm.AddContent(message.Message.Content, form) is { } refused)
        {
            return refused;
        }

        if (settings.WebhookUrl is { } webhookUrl)
        {
            form.Add(new("StatusCallback", webhookUrl.AbsoluteUri));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, channel.AccountUrl("/Messages.json"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = channel.BasicAuth;
        return await ProviderHttp.SendAsync(Client, request, response => ClassifyAsync(response, ct), ct);
    }

    private async Task<SendResult> ClassifyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            // Twilio has taken the message: even without a readable sid, retrying would send it twice.
            return SendResult.Sent(ReadSid(body));
        }

        return TwilioApiError.Read(response.StatusCode, body).ToSendResult(ProviderHttp.RetryAfter(response, clock));
    }

    private static string? ReadSid(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("sid", out var sid) && sid.ValueKind == JsonValueKind.String
                ? sid.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
