using Npgsql;

namespace Linktor.Storage.Paging;

/// <summary>Runs a keyset-paged query that reads one extra row to learn whether a next page exists.</summary>
internal static class PagedQuery
{
    public static async Task<PageResult<T>> RunAsync<T>(
        NpgsqlCommand cmd, int limit, Func<NpgsqlDataReader, T> read, Func<T, Cursor> cursorOf, CancellationToken ct)
    {
        var items = new List<T>(limit + 1);
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(read(r));
            }
        }

        if (items.Count <= limit)
        {
            return new PageResult<T>(items, null);
        }

        items.RemoveAt(limit);
        return new PageResult<T>(items, cursorOf(items[^1]));
    }
}
