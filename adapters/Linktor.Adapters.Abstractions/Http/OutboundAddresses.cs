using System.Net;
using System.Net.Sockets;

namespace Linktor.Adapters;

/// <summary>
/// Which addresses the node's HTTP clients may connect to. By default not the network Linktor runs in: loopback,
/// private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT and other non-public ranges are refused
/// (<see cref="OutboundOptions.AllowPrivateNetworks"/> lifts it). Names are checked where they are connected to,
/// after resolution, so a name that resolves to an internal address (or starts to, later) is refused as well.
/// </summary>
public static class OutboundAddresses
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/3"), // multicast, reserved, broadcast
        IPNetwork.Parse("::/127"), // unspecified, loopback
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    public const string RefusedReason =
        "resolves only to loopback, private or link-local addresses, which outbound requests do not reach (Linktor:Outbound:AllowPrivateNetworks)";

    public static bool IsPublic(IPAddress address)
    {
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return !NonPublic.Any(n => n.Contains(normalized));
    }

    /// <summary>The URL's host when it is an address literal (or <c>localhost</c>) outside the public internet; names are left to <see cref="ConnectAsync"/>.</summary>
    public static bool IsLiteralNonPublic(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) && !IsPublic(address));

    /// <summary>
    /// The clients' connect step: resolves the host and connects only to its public addresses, so the check and the
    /// connection use the same resolution (no DNS rebinding between them).
    /// </summary>
    /// <exception cref="OutboundDestinationRefusedException">No address of the host may be connected to.</exception>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivateNetworks, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = allowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new OutboundDestinationRefusedException(endpoint.Host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
