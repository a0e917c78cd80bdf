using System.Diagnostics.Metrics;

namespace Linktor.Api.Telemetry;

/// <summary>The meter <c>Linktor.Api</c>: the SignalR connections this node holds, per hub.</summary>
public sealed class ApiMetrics
{
    public const string MeterName = "Linktor.Api";

    private readonly UpDownCounter<long> _connections;

    public ApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("linktor.signalr.connections", "{connection}", "SignalR connections open on this node, per hub");
    }

    /// <param name="hub"><c>inbox</c> or <c>webchat</c>.</param>
    /// <param name="delta">+1 when one opens, -1 when it closes.</param>
    public void Connections(string hub, int delta) => _connections.Add(delta, new KeyValuePair<string, object?>("hub", hub));
}
