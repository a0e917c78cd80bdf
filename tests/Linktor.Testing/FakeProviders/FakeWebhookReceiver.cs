using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// A subscriber's endpoint for outbound webhooks: answers 200 to any POST (unless a fault is injected) and
/// records it. <see cref="Verify"/> checks a recorded request's <c>Linktor-Signature</c> the way API.md tells
/// receivers to.
/// </summary>
public sealed class FakeWebhookReceiver : FakeProviderServer
{
    /// <summary>The URL to subscribe, under <see cref="FakeProviderServer.BaseUrl"/>.</summary>
    public string Url => new Uri(BaseUrl, "hooks/linktor").ToString();

    /// <summary>POSTs that were answered 200.</summary>
    public IReadOnlyList<RecordedRequest> Delivered => Accepted("/hooks/linktor");

    /// <summary>True when the request carries a valid v1 signature of its raw body with <paramref name="secret"/>.</summary>
    public static bool Verify(RecordedRequest request, string secret)
    {
        var header = request.Header("Linktor-Signature");
        if (header is null)
        {
            return false;
        }

        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. request.Body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    protected override void MapEndpoints(WebApplication app) =>
        app.MapPost("/hooks/linktor", () => Results.Ok());
}
