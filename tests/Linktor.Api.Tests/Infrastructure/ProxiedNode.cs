using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node behind a proxy at <see cref="ProxyAddress"/> (127.0.0.1, where the tests' clients come from), with login and
/// refresh limits low enough to reach. Clients from <see cref="StrangerAddress"/> (another loopback address) are not the proxy.
/// </summary>
public sealed class ProxiedNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Api:ForwardedHeaders:KnownProxies"] = ProxyAddress.ToString(),
        ["Linktor:Api:LoginsPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["Linktor:Api:RefreshesPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
    },
    realtime: false)
{
    public const int Limit = 3;

    public static readonly IPAddress ProxyAddress = IPAddress.Loopback;

    public static readonly IPAddress StrangerAddress = IPAddress.Parse("127.0.0.2");

    /// <summary>A client whose connections come from <paramref name="source"/> and which sends <c>X-Forwarded-For: forwardedFor</c>.</summary>
    public HttpClient CreateClientFrom(IPAddress source, string forwardedFor)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
