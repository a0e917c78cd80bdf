using System.Text.Json;
using Linktor.Contracts.Contacts;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Contacts;

internal static class ContactRows
{
    public const string Columns =
        "ct.id, ct.tenant_id, ct.name, ct.email, ct.phone, ct.custom_attributes, ct.labels, ct.identities, ct.created_at, ct.updated_at";

    public static ContactRecord Read(NpgsqlDataReader r, int o = 0) => new()
    {
        Id = r.GetGuid(o),
        TenantId = r.GetGuid(o + 1),
        Name = r.IsDBNull(o + 2) ? null : r.GetString(o + 2),
        Email = r.IsDBNull(o + 3) ? null : r.GetString(o + 3),
        Phone = r.IsDBNull(o + 4) ? null : r.GetString(o + 4),
        CustomAttributes = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(o + 5), StorageJson.Options)!,
        Labels = r.GetFieldValue<string[]>(o + 6),
        Identities = JsonSerializer.Deserialize<List<ContactIdentity>>(r.GetString(o + 7), StorageJson.Options)!,
        CreatedAt = r.GetFieldValue<DateTimeOffset>(o + 8),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(o + 9),
    };
}
