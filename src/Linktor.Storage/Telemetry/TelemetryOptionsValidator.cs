using Microsoft.Extensions.Options;

namespace Linktor.Storage.Telemetry;

/// <summary>Checks <c>Linktor:Telemetry</c> at start: an OTLP endpoint that is a URL, a metrics port that is a port.</summary>
[OptionsValidator]
public sealed partial class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>;
