using System.Net;
using System.Net.Http.Headers;

namespace Linktor.Adapters;

/// <summary>
/// What every adapter does around a provider call: a failure to connect is worth a retry (the request never
/// left, so the provider cannot have the message); a timeout or a connection lost after the request left is an
/// unknown outcome (the provider may have it, and a retry could deliver it twice); 429 and 5xx are worth a retry
/// after the provider's <c>Retry-After</c>; the adapter classifies every other answer itself.
/// </summary>
public static class ProviderHttp
{
    /// <summary>Sends and hands a received response to <paramref name="classify"/>; maps transport failures to retryable results.</summary>
    public static async Task<SendResult> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        Func<HttpResponseMessage, Task<SendResult>> classify,
        CancellationToken ct)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            return await classify(response);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return SendResult.Unknown("provider_timeout", "The provider did not answer in time; it may have the message.");
        }
        catch (HttpRequestException ex) when (OutboundDestinationRefusedException.IsRefusal(ex))
        {
            // Refused by the outbound policy: asking again reaches the same addresses.
            return SendResult.Permanent("destination_refused", ex.Message);
        }
        catch (HttpRequestException ex) when (NeverLeft(ex))
        {
            return SendResult.Retryable("provider_unreachable", $"The provider could not be reached: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Unknown("provider_connection_lost", $"The connection to the provider failed after the request was sent: {ex.Message}");
        }
    }

    /// <summary>Failures before any byte of the request reached the provider: resolving, connecting, the TLS handshake.</summary>
    public static bool NeverLeft(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError
            or HttpRequestError.ProxyTunnelError;

    /// <summary>The wait a 429/503 asks for: <c>Retry-After</c> as seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider? clock = null)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - (clock ?? TimeProvider.System).GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Whether a status is the provider saying "not now" rather than "no".</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
}
