namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>A <see cref="GatewayClient"/> that no gateway took: every attempt's outcome, and how long it took to give up.</summary>
public sealed class GatewayConnectFailedException(string message, Exception inner, TimeSpan elapsed) : Exception(message, inner)
{
    public TimeSpan Elapsed { get; } = elapsed;
}
