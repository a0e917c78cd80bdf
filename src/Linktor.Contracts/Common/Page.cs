namespace Linktor.Contracts.Common;

/// <summary>API.md's list envelope: <c>{"data": [...], "next_cursor": "..."|null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor);
