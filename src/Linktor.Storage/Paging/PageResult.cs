namespace Linktor.Storage.Paging;

/// <summary>A page of rows and the cursor of the next page, if any.</summary>
public sealed record PageResult<T>(IReadOnlyList<T> Items, Cursor? Next);
