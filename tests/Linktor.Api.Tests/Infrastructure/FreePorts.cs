using System.Net;
using System.Net.Sockets;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>Ports nothing listens on right now, for Kestrel and the silo (Orleans' defaults would collide between nodes).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
