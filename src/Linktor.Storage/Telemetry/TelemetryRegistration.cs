namespace Linktor.Storage.Telemetry;

/// <summary>
/// Marks the services as having Linktor's telemetry: the single node adds the silo's and the API's, and the exporters
/// and instrumentation they share must be registered once (two Prometheus readers or two HTTP instrumentations would
/// report everything twice).
/// </summary>
internal sealed class TelemetryRegistration;
