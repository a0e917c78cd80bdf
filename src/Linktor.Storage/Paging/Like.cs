namespace Linktor.Storage.Paging;

/// <summary>Escapes user text for a LIKE pattern, so <c>%</c> and <c>_</c> match themselves.</summary>
internal static class Like
{
    public static string? Escape(string? text) =>
        string.IsNullOrEmpty(text) ? null : text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
