using System.Diagnostics.Metrics;

namespace Linktor.Api.Telemetry;

/// <summary>
/// The meter <c>Linktor.Api</c>: the SignalR connections this node holds, per hub. Static, as the silo's meters: one
/// process is one node.
/// </summary>
public static class ApiMetrics
{
    public const string MeterName = "Linktor.Api";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> OpenConnections = Meter.CreateUpDownCounter<long>(
        "linktor.signalr.connections", "{connection}", "SignalR connections open on this node, per hub");

    /// <param name="hub"><c>inbox</c> or <c>webchat</c>.</param>
    /// <param name="delta">+1 when one opens, -1 when it closes.</param>
    public static void Connections(string hub, int delta) => OpenConnections.Add(delta, new KeyValuePair<string, object?>("hub", hub));
}
