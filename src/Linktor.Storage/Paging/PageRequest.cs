namespace Linktor.Storage.Paging;

/// <summary>Where a page starts and how long it is (already validated: 1–200).</summary>
public sealed record PageRequest(Cursor? After, int Limit);
