using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linktor.Adapters.WhatsApp.Internals;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.WhatsApp;

public sealed partial class WhatsAppAdapter
{
    /// <summary>
    /// Meta sends no Retry-After on a pair-rate error (131056); its pair rate is about one message per
    /// 6 s, so that is the least wait worth trying again after.
    /// </summary>
    private static readonly TimeSpan PairRateWait = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Sends one message. A 200 with a wamid only means WhatsApp accepted it; delivery failures
    /// (131047, 131026, ...) come later as a <c>failed</c> status.
    /// </summary>
    public async Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct)
    {
        var channel = WhatsAppChannel.From(settings);
        var content = message.Message.Content;
        string? uploadedId = null;
        if (channel.MediaUpload == WhatsAppMediaUpload.Upload
            && ContentTypes.Media.Contains(content.Type)
            && content.Media is { ProviderMediaId: null or "", Url: { Length: > 0 } url } media)
        {
            var upload = await UploadAsync(channel, content.Type, url, media.MimeType, ct);
            if (upload.Result is { } failed)
            {
                return failed;
            }

            uploadedId = upload.MediaId;
        }

        var body = WhatsAppMessageBody.Build(message, uploadedId);
        if (body.Json is not { } json)
        {
            return SendResult.Permanent("unsupported_content", body.Problem ?? "WhatsApp cannot carry this message.");
        }

        using var request = channel.Request(
            HttpMethod.Post,
            $"{Uri.EscapeDataString(channel.PhoneNumberId)}/messages",
            JsonContent.Create(json));
        return await ProviderHttp.SendAsync(Client, request, async response =>
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode ? Accepted(text) : Classify(response, text);
        }, ct);
    }

    /// <summary>The wamid of <c>{"messages":[{"id":"wamid…"}]}</c>: the id statuses and replies refer to.</summary>
    private static SendResult Accepted(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var id = GraphJson.Array(document.RootElement, "messages").Select(m => GraphJson.String(m, "id")).FirstOrDefault();
            return SendResult.Sent(id);
        }
        catch (Exception ex) when (ex is JsonException or WebhookFormatException)
        {
            // Accepted all the same: sending again would deliver it twice.
            return SendResult.Sent(null);
        }
    }

    /// <summary>Reads a Graph error answer: keyed on <c>error.code</c>; 429 and 5xx are retried whatever the code.</summary>
    private static SendResult Classify(HttpResponseMessage response, string body)
    {
        var error = GraphError.Parse(body);
        var message = error?.Describe() ?? $"WhatsApp answered HTTP {(int)response.StatusCode}.";
        var mapping = WhatsAppErrorCodes.Find(error?.Code);
        var retryAfter = ProviderHttp.RetryAfter(response) ?? (error?.Code == 131056 ? PairRateWait : null);

        if (mapping is { Retryable: true })
        {
            return SendResult.Retryable(mapping.Code, message, retryAfter);
        }

        if (ProviderHttp.IsTransient(response.StatusCode))
        {
            var code = response.StatusCode == HttpStatusCode.TooManyRequests ? "rate_limited" : "provider_unavailable";
            return SendResult.Retryable(code, message, retryAfter);
        }

        if (mapping is not null)
        {
            return SendResult.Permanent(mapping.Code, message);
        }

        return SendResult.Permanent(IsUnauthorized(response.StatusCode) ? "auth_failed" : "provider_error", message);
    }

    /// <summary>
    /// <see cref="WhatsAppMediaUpload.Upload"/>: fetches <paramref name="url"/> (without the channel's
    /// token: it is not Meta's) and uploads it to <c>/{phone_number_id}/media</c>.
    /// </summary>
    private async Task<(string? MediaId, SendResult? Result)> UploadAsync(
        WhatsAppChannel channel, string type, string url, string? mimeType, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var source) || source.Scheme is not ("http" or "https"))
        {
            return (null, SendResult.Permanent("media_unavailable", $"The media URL '{url}' is not an absolute http(s) URL."));
        }

        // The agent's URL may carry a signature in its query: the error text (stored, logged) shows it redacted.
        var shown = UrlRedaction.ForLog(source);
        byte[] bytes;
        try
        {
            using var download = await Client.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!download.IsSuccessStatusCode)
            {
                var problem = $"Downloading {shown} for upload to WhatsApp failed with HTTP {(int)download.StatusCode}.";
                return (null, ProviderHttp.IsTransient(download.StatusCode)
                    ? SendResult.Retryable("media_unavailable", problem, ProviderHttp.RetryAfter(download))
                    : SendResult.Permanent("media_unavailable", problem));
            }

            mimeType ??= download.Content.Headers.ContentType?.MediaType;
            if (download.Content.Headers.ContentLength > options.MaxUploadBytes)
            {
                return (null, TooLarge(source));
            }

            if (await ReadLimitedAsync(download.Content, options.MaxUploadBytes, ct) is not { } read)
            {
                return (null, TooLarge(source));
            }

            if (read.Length == 0)
            {
                return (null, SendResult.Permanent("media_unavailable", $"{shown} is empty."));
            }

            bytes = read;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, SendResult.Retryable("media_unavailable", $"Downloading {shown} for upload to WhatsApp timed out."));
        }
        catch (HttpRequestException ex) when (OutboundDestinationRefusedException.IsRefusal(ex))
        {
            // An agent's URL into the network Linktor runs in: refused for good, the same name resolves the same way.
            return (null, SendResult.Permanent("media_unavailable", $"Downloading {shown} for upload to WhatsApp was refused: {ex.Message}"));
        }
        catch (HttpRequestException ex)
        {
            return (null, SendResult.Retryable("media_unavailable", $"Downloading {shown} for upload to WhatsApp failed: {ex.Message}"));
        }

        mimeType ??= "application/octet-stream";
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        var form = new MultipartFormDataContent
        {
            { new StringContent("whatsapp"), "messaging_product" },
            { new StringContent(mimeType), "type" },
            { file, "file", Path.GetFileName(source.LocalPath) is { Length: > 0 } name ? name : type },
        };
        using var request = channel.Request(HttpMethod.Post, $"{Uri.EscapeDataString(channel.PhoneNumberId)}/media", form);
        string? mediaId = null;
        var result = await ProviderHttp.SendAsync(Client, request, async response =>
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return Classify(response, text);
            }

            mediaId = GraphError.Parse(text) is null ? ReadId(text) : null;
            return mediaId is null
                ? SendResult.Retryable("provider_error", "WhatsApp answered the media upload without a media id.")
                : SendResult.Sent(mediaId);
        }, ct);
        return result.Outcome == SendOutcome.Sent ? (mediaId, null) : (null, result);
    }

    private SendResult TooLarge(Uri source) =>
        SendResult.Permanent("media_too_large", $"{UrlRedaction.ForLog(source)} is larger than the {options.MaxUploadBytes} bytes uploaded to WhatsApp.");

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? ReadId(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return GraphJson.String(document.RootElement, "id");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
