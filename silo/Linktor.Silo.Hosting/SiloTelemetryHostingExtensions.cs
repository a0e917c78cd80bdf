using Linktor.Grains.Telemetry;

namespace Microsoft.Extensions.Hosting;

public static class SiloTelemetryHostingExtensions
{
    /// <summary>Orleans' spans: grain calls made (<c>Application</c>) and its own runtime's (<c>Runtime</c>).</summary>
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Orleans' own meter: activations, messaging, membership, storage, per silo.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// A silo's telemetry: what every node has (<see cref="TelemetryHostingExtensions.AddLinktorTelemetry"/>), Orleans'
    /// meter and spans, and the grains' own meter (<see cref="MessagingMetrics"/>). The silo builder carries the trace
    /// through grain calls (<c>AddActivityPropagation</c> in <see cref="SiloHostingExtensions.AddLinktorSilo"/>).
    /// </summary>
    public static IHostApplicationBuilder AddLinktorSiloTelemetry(this IHostApplicationBuilder builder)
    {
        builder.AddLinktorTelemetry()
            .WithTracing(tracing => tracing.AddSource(OrleansActivitySources).AddSource(MessagingActivities.SourceName))
            .WithMetrics(metrics => metrics.AddMeter(OrleansMeter, MessagingMetrics.MeterName));
        return builder;
    }
}
