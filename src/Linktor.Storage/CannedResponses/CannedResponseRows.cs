using Linktor.Contracts.CannedResponses;
using Npgsql;

namespace Linktor.Storage.CannedResponses;

internal static class CannedResponseRows
{
    public const string Columns = "id, tenant_id, short_code, content, created_at, updated_at";

    public static CannedResponseRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        TenantId = r.GetGuid(1),
        ShortCode = r.GetString(2),
        Content = r.GetString(3),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(4),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(5),
    };
}
