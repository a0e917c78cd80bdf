using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace Linktor.Storage.Telemetry;

/// <summary>
/// <c>Linktor:Telemetry</c>: where a node's traces and metrics go. OTLP to a collector when an endpoint is set (here or
/// in the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); the Prometheus scrape at <c>/metrics</c> always, on its own port
/// or on the main one behind the platform admin key.
/// </summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Telemetry";

    /// <summary>The standard variable of the OpenTelemetry SDKs, honoured when <see cref="OtlpEndpoint"/> is empty.</summary>
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The collector's OTLP endpoint (e.g. <c>http://otel-collector:4317</c>); empty: no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318; the signal's path is appended).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// A port of its own for the Prometheus scrape, served there without authentication (a private network's, or a
    /// Kubernetes pod's scrape); nothing else answers on it. 0: the scrape is on the main port, behind the platform
    /// admin key (<c>Linktor:Platform:AdminKey</c>) as a bearer token.
    /// </summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }

    /// <summary>
    /// Whether to record spans without an OTLP endpoint (for an exporter a host adds itself, as the tests' in-memory
    /// one). With an endpoint they are always recorded; without either, none are: a span nobody exports costs the
    /// send path and tells no one anything.
    /// </summary>
    public bool Traces { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new($"{SectionName}:{nameof(OtlpEndpoint)} must be an absolute http:// or https:// URL (it is '{OtlpEndpoint}').", [nameof(OtlpEndpoint)]);
        }
    }
}
