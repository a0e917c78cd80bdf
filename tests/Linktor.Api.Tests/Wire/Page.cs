namespace Linktor.Api.Tests.Wire;

/// <summary>API.md's list envelope.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor);
