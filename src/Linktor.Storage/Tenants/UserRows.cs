using Linktor.Contracts.Tenants;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Tenants;

internal static class UserRows
{
    public const string Columns = "u.id, u.tenant_id, u.email, u.name, u.role, u.status, u.created_at";

    public static UserRecord Read(NpgsqlDataReader r, int o = 0) => new()
    {
        Id = r.GetGuid(o),
        TenantId = r.GetGuid(o + 1),
        Email = r.GetString(o + 2),
        Name = r.GetString(o + 3),
        Role = DbNames.FromDb<UserRole>(r.GetString(o + 4)),
        Status = DbNames.FromDb<UserStatus>(r.GetString(o + 5)),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(o + 6),
    };
}
