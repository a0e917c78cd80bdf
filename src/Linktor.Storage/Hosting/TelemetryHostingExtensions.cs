using System.Globalization;
using System.Reflection;
using Linktor.Storage.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class TelemetryHostingExtensions
{
    private const string TracesExporter = "linktor.traces";
    private const string MetricsExporter = "linktor.metrics";

    /// <summary>
    /// Orleans' instruments that record on every message a silo or client sends or receives (sizes, dispatch and
    /// gateway counts, directory lookups). They weigh on the send path (./bench.sh send, one run each on the 2-core box:
    /// 3,311 sends/s sustained with them, 3,644 without them, 4,032 with OpenTelemetry off), and what an operator asks
    /// of Orleans (activations per silo, calls that time out or are rejected, storage errors and latency, grain-call
    /// latency) is in the rest of its meter. Dropped, so Orleans records nothing for them.
    /// </summary>
    private static readonly HashSet<string> OrleansPerMessageInstruments = new(StringComparer.Ordinal)
    {
        "orleans-messaging-sent-messages-size", "orleans-messaging-received-messages-size",
        "orleans-messaging-sent-header-size", "orleans-messaging-received-header-size",
        "orleans-messaging-processing-dispatcher-received", "orleans-messaging-processing-dispatcher-processed",
        "orleans-messaging-processing-dispatcher-forwarded", "orleans-messaging-processing-ima-received",
        "orleans-messaging-processing-ima-enqueued", "orleans-messaging-processing-activation-data",
        "orleans-messaging-sent-local", "orleans-gateway-sent", "orleans-gateway-received",
        "orleans-directory-lookups-full-issued", "orleans-directory-lookups-local-directory-issued",
        "orleans-directory-lookups-local-directory-successes", "orleans-directory-lookups-remote-sent",
        "orleans-directory-lookups-remote-received",
    };

    /// <summary>
    /// OpenTelemetry for a Linktor node, silo or API: what both kinds share (HTTP server and client, .NET runtime,
    /// PostgreSQL's spans, the storage's meter and spans), the Prometheus scrape at <c>/metrics</c>
    /// (<see cref="MetricsEndpointStartupFilter"/>) and, when an endpoint is configured, OTLP export. Registered once
    /// however often it is called (the single node calls it for its silo and for its API); each caller adds its own
    /// meters and sources to the builder it returns.
    /// </summary>
    public static OpenTelemetryBuilder AddLinktorTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var telemetry = services.AddOpenTelemetry();
        if (services.Any(s => s.ServiceType == typeof(TelemetryRegistration)))
        {
            return telemetry;
        }

        services.AddSingleton<TelemetryRegistration>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddTransient<IStartupFilter, MetricsEndpointStartupFilter>();
        ListenOnMetricsPort(builder.Configuration);

        // The service name is the process's (Linktor.Silo, Linktor.Api, Linktor.SingleNode) unless OTEL_SERVICE_NAME says otherwise.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            telemetry.ConfigureResource(r => r.AddService(Assembly.GetEntryAssembly()?.GetName().Name ?? "Linktor"));
        }

        // Whether to export is decided with the services; where to is read (and checked) with the options.
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.OtlpEndpoint)}"])
            || !string.IsNullOrWhiteSpace(configuration[TelemetryOptions.StandardOtlpEndpointKey]);
        var traces = otlp || configuration.GetValue<bool>($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Traces)}");
        telemetry
            .WithTracing(tracing =>
            {
                // Nothing exports spans: none are sampled, so no source (HTTP, Orleans, Npgsql, ours) makes any.
                tracing.SetSampler(traces ? new ParentBasedSampler(new AlwaysOnSampler()) : new AlwaysOffSampler())
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrapeOrProbe(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(StorageTelemetry.Name);
                if (otlp)
                {
                    tracing.AddOtlpExporter(TracesExporter, configure: null);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddView(instrument => instrument.Meter.Name == "Microsoft.Orleans" && OrleansPerMessageInstruments.Contains(instrument.Name)
                        ? MetricStreamConfiguration.Drop
                        : null)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(StorageTelemetry.Name)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter(MetricsExporter, configure: null);
                }
            });
        if (otlp)
        {
            services.AddOptions<OtlpExporterOptions>(TracesExporter).Configure<IOptions<TelemetryOptions>>((o, t) => UseEndpoint(o, t.Value, "v1/traces"));
            services.AddOptions<OtlpExporterOptions>(MetricsExporter).Configure<IOptions<TelemetryOptions>>((o, t) => UseEndpoint(o, t.Value, "v1/metrics"));
        }

        return telemetry;
    }

    /// <summary>
    /// <c>Linktor:Telemetry:OtlpEndpoint</c>, when set, over the standard variables (which the exporter reads itself,
    /// signal path included). Over HTTP the collector takes each signal at its own path; over gRPC at the base URL.
    /// </summary>
    private static void UseEndpoint(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return;
        }

        exporter.Protocol = options.OtlpProtocol;
        exporter.Endpoint = options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri($"{options.OtlpEndpoint.TrimEnd('/')}/{signalPath}")
            : new Uri(options.OtlpEndpoint);
    }

    /// <summary>
    /// Kestrel listens on the metrics port besides the node's own addresses. Those are the host's <c>urls</c>
    /// (<c>ASPNETCORE_URLS</c>), else its <c>http_ports</c>/<c>https_ports</c> (the container images' <c>ASPNETCORE_HTTP_PORTS</c>),
    /// else Kestrel's default; all of them are kept, with the metrics port added, in <c>urls</c>, which the host reads
    /// from the app's configuration when the server starts. An unparsable port is left to the options' validator.
    /// </summary>
    private static void ListenOnMetricsPort(IConfigurationManager configuration)
    {
        if (!int.TryParse(configuration[$"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.MetricsPort)}"], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is <= 0 or > 65535)
        {
            return;
        }

        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https")).ToList();
            urls = ports.Count > 0 ? string.Join(';', ports) : "http://localhost:5000";
        }

        configuration.AddInMemoryCollection([new("urls", $"{urls};http://*:{port.ToString(CultureInfo.InvariantCulture)}")]);

        static IEnumerable<string> Ports(string? list, string scheme) =>
            (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
    }

    /// <summary>Scrapes and probes come every few seconds and say nothing about the traffic: no spans for them.</summary>
    private static bool IsScrapeOrProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(MetricsEndpointStartupFilter.Path) || path.StartsWithSegments("/health");
}
