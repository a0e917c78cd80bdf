using Linktor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using OpenTelemetry.Trace;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>
/// A node whose spans are also kept in memory (<see cref="Spans"/>), with the outbox at a scale a test can wait for
/// (as <see cref="ProviderNode"/>).
/// </summary>
public sealed class TelemetryNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Outbox:BaseDelay"] = "00:00:00.100",
        ["Linktor:Outbox:MaxDelay"] = "00:00:00.500",
        ["Linktor:Outbox:PollInterval"] = "00:00:00.050",
        ["Linktor:Outbox:MaxAttempts"] = "1000",
        // No OTLP endpoint here: spans are recorded for the in-memory exporter only when asked.
        ["Linktor:Telemetry:Traces"] = "true",
    },
    realtime: false)
{
    /// <summary>Every span the node ended, in the order they ended.</summary>
    public SpanCollection Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}
