using Linktor.Api.Telemetry;

namespace Microsoft.AspNetCore.Builder;

public static class ApiTelemetryHostingExtensions
{
    /// <summary>
    /// An API node's telemetry: what every node has (<see cref="Microsoft.Extensions.Hosting.TelemetryHostingExtensions.AddLinktorTelemetry"/>:
    /// HTTP, runtime, PostgreSQL, the scrape, OTLP), its own meter (<see cref="ApiMetrics"/>), and the Orleans client's
    /// grain-call spans and meter (the cluster client carries the trace into the silos: <c>AddActivityPropagation</c>
    /// in <see cref="ClusterClientHostingExtensions.AddLinktorClusterClient"/>).
    /// </summary>
    public static WebApplicationBuilder AddLinktorApiTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConnectionCountingHubFilter>();
        builder.AddLinktorTelemetry()
            .WithTracing(tracing => tracing.AddSource("Microsoft.Orleans.Application"))
            .WithMetrics(metrics => metrics.AddMeter(ApiMetrics.MeterName, "Microsoft.Orleans"));
        return builder;
    }
}
