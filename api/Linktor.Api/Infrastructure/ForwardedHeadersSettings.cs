using System.Net;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// <c>Linktor:Api:ForwardedHeaders</c>: the reverse proxies in front of the API. Only a request arriving from one of
/// them has its <c>X-Forwarded-For</c> (the client address, which the per-client limits count) and
/// <c>X-Forwarded-Proto</c> believed; anyone else could write any address there. Unset, only loopback is trusted
/// (the framework's default). Lists are comma-separated, so that one environment variable holds them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, e.g. <c>10.0.0.5,10.0.0.6</c>.</summary>
    public string? KnownProxies { get; set; }

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8,172.16.0.0/12</c>.</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>How many proxies in a row to look through (each must be known): 1 for one load balancer.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(KnownProxies) || !string.IsNullOrWhiteSpace(KnownNetworks);

    public IReadOnlyList<IPAddress> Proxies() => [.. Split(KnownProxies).Select(IPAddress.Parse)];

    public IReadOnlyList<IPNetwork> Networks() => [.. Split(KnownNetworks).Select(n => IPNetwork.Parse(n))];

    /// <summary>Why the settings cannot be used, or null.</summary>
    public string? Invalid()
    {
        if (ForwardLimit is < 1 or > 10)
        {
            return "Linktor:Api:ForwardedHeaders:ForwardLimit must be 1–10.";
        }

        var badProxy = Split(KnownProxies).FirstOrDefault(p => !IPAddress.TryParse(p, out _));
        if (badProxy is not null)
        {
            return $"Linktor:Api:ForwardedHeaders:KnownProxies: '{badProxy}' is not an IP address.";
        }

        var badNetwork = Split(KnownNetworks).FirstOrDefault(n => !IPNetwork.TryParse(n, out _));
        return badNetwork is null ? null : $"Linktor:Api:ForwardedHeaders:KnownNetworks: '{badNetwork}' is not a network in CIDR notation (e.g. 10.0.0.0/8).";
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
