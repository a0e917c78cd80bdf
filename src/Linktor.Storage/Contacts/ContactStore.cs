using System.Text.Json;
using Linktor.Contracts.Contacts;
using Linktor.Storage.Events;
using Linktor.Storage.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Linktor.Storage.Contacts;

/// <summary>The contact list read model; written by contact grains, with the events of the changes it shows.</summary>
public sealed class ContactStore(NpgsqlDataSource dataSource, IOptions<EventStreamOptions> eventOptions)
{
    /// <summary>
    /// Writes the row from the grain's state at <paramref name="stateVersion"/> and, in the same statement,
    /// <paramref name="events"/> — only if the row was written from an older state, so a repeated write (an
    /// activation's repair after a crash) never announces a change twice.
    /// </summary>
    public async Task UpsertAsync(ContactRecord contact, long stateVersion, IReadOnlyList<NewEvent> events, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            WITH prev AS (
                SELECT state_version FROM contacts WHERE id = $1 AND tenant_id = $2
            ), announced AS (
                {EventRows.InsertSql(13, "WHERE coalesce((SELECT state_version FROM prev), -1) < $12")}
            )
            INSERT INTO contacts (id, tenant_id, name, email, phone, custom_attributes, labels, identities, search_text, created_at, updated_at, state_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
                custom_attributes = excluded.custom_attributes, labels = excluded.labels, identities = excluded.identities,
                search_text = excluded.search_text, updated_at = excluded.updated_at, deleted_at = NULL,
                state_version = greatest(contacts.state_version, excluded.state_version)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = contact.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contact.TenantId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = contact.Name });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = contact.Email });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = contact.Phone });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(contact.CustomAttributes, StorageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contact.Labels.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(contact.Identities, StorageJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = SearchText(contact) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contact.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contact.UpdatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stateVersion });
        EventRows.Add(cmd, [.. events.Select(e => (contact.Id, e))], eventOptions.Value.Queues);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The state version the row was last written from (-1: no row).</summary>
    public async Task<long> StateVersionAsync(Guid tenantId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT state_version FROM contacts WHERE tenant_id = $1 AND id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long version ? version : -1;
    }

    public async Task DeleteAsync(Guid tenantId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE contacts SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The conversations of a contact, to tell them the contact changed.</summary>
    public async Task<IReadOnlyList<Guid>> ListConversationIdsAsync(Guid tenantId, Guid contactId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT id FROM conversations WHERE tenant_id = $1 AND contact_id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = contactId });
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            ids.Add(r.GetGuid(0));
        }

        return ids;
    }

    internal static string SearchText(ContactRecord c) =>
        string.Join(' ', new[] { c.Name, c.Email, c.Phone }.Concat(c.Identities.Select(i => i.ExternalId))
            .Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();
}
