namespace Linktor.Bench.Measure;

/// <summary>What <see cref="GcHeapProbe"/> read: live bytes after a full GC, and bytes and objects by type (gcdump's rows).</summary>
public sealed record GcHeapReading(long LiveBytes, IReadOnlyList<GcTypeSize> Types);

public sealed record GcTypeSize(string Type, long Bytes, long Count);
