using Linktor.Contracts.Common;
using Linktor.Storage.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Infrastructure;

/// <summary>API.md's list conventions: <c>cursor</c> and <c>limit</c> (1–200, default 50) in, <c>{data, next_cursor}</c> out.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static bool TryParse(string? cursor, int? limit, out PageRequest page, out ProblemHttpResult? problem)
    {
        var v = new Validator();
        if (limit is < 1 or > MaxLimit)
        {
            v.Add("limit", $"Between 1 and {MaxLimit}.");
        }

        if (!Cursor.TryDecode(cursor, out var after))
        {
            v.Add("cursor", "Not a cursor this API returned.");
        }

        page = new PageRequest(after, limit ?? DefaultLimit);
        problem = v.Failed ? v.Problem() : null;
        return !v.Failed;
    }

    public static Page<T> ToPage<T>(PageResult<T> result) => new(result.Items, result.Next?.Encode());
}
