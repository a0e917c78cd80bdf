using System.Net;
using System.Net.Sockets;

namespace Linktor.Bench.Infrastructure;

/// <summary>Loopback ports nothing listens on now, never the same one twice in a run (Orleans' defaults would collide with other nodes on the machine).</summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
