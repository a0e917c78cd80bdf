using Linktor.Contracts.Contacts;
using Linktor.Storage.Paging;
using Linktor.Storage.Tenants;
using Npgsql;

namespace Linktor.Storage.Contacts;

public sealed class ContactQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Contacts newest first; <paramref name="q"/> matches name, email, phone and identities (substring).</summary>
    public async Task<PageResult<ContactRecord>> ListAsync(Guid tenantId, string? q, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {ContactRows.Columns} FROM contacts ct
            WHERE ($1::timestamptz IS NULL OR (ct.created_at, ct.id) < ($1, $2)) AND ct.tenant_id = $4 AND ct.deleted_at IS NULL
              AND ($5::text IS NULL OR ct.search_text LIKE '%' || $5 || '%')
            ORDER BY ct.created_at DESC, ct.id DESC LIMIT $3
            """);
        TenantQueries.AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = Like.Escape(q?.Trim().ToLowerInvariant()) });
        return await PagedQuery.RunAsync(cmd, page.Limit, r => ContactRows.Read(r), c => new Cursor(c.CreatedAt, c.Id), ct).ConfigureAwait(false);
    }

    public async Task<ContactRecord?> GetAsync(Guid tenantId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            $"SELECT {ContactRows.Columns} FROM contacts ct WHERE ct.tenant_id = $1 AND ct.id = $2 AND ct.deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ContactRows.Read(r) : null;
    }

    /// <summary>Which of these emails and phones some contact of the tenant already has (lower-case emails).</summary>
    public async Task<(HashSet<string> Emails, HashSet<string> Phones)> FindTakenAsync(
        Guid tenantId, IReadOnlyCollection<string> emails, IReadOnlyCollection<string> phones, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT lower(email), phone FROM contacts
            WHERE tenant_id = $1 AND deleted_at IS NULL AND (lower(email) = ANY($2) OR phone = ANY($3))
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = emails.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = phones.ToArray() });
        var (takenEmails, takenPhones) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!r.IsDBNull(0))
            {
                takenEmails.Add(r.GetString(0));
            }

            if (!r.IsDBNull(1))
            {
                takenPhones.Add(r.GetString(1));
            }
        }

        return (takenEmails, takenPhones);
    }
}
