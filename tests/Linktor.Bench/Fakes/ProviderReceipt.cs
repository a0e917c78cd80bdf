namespace Linktor.Bench.Fakes;

/// <summary>A send a fake provider received: the benchmark's marker in its text, and when it arrived (Unix µs, wall clock).</summary>
public readonly record struct ProviderReceipt(long Marker, long ReceivedAtUnixMicros);
