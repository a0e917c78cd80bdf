namespace Linktor.Bench.Measure;

/// <summary>What <see cref="GcHeapProbe"/> read: live bytes after a full GC, and the largest types by bytes.</summary>
public sealed record GcHeapReading(long LiveBytes, IReadOnlyList<GcTypeSize> LargestTypes);

public sealed record GcTypeSize(string Type, long Bytes, long Count);
