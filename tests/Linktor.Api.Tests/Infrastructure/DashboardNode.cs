using System.Globalization;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>A node with the Orleans dashboard on, on a port of its own (<see cref="DashboardAddress"/>).</summary>
public sealed class DashboardNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Dashboard:Enabled"] = "true",
        ["Linktor:Dashboard:Port"] = Port.ToString(CultureInfo.InvariantCulture),
    },
    realtime: false)
{
    private static readonly int Port = FreePorts.Next();

    public Uri DashboardAddress { get; } = new($"http://127.0.0.1:{Port}");

    /// <summary>A client of the dashboard's port, without credentials.</summary>
    public HttpClient CreateDashboardClient() => new() { BaseAddress = DashboardAddress, Timeout = TimeSpan.FromSeconds(60) };
}
