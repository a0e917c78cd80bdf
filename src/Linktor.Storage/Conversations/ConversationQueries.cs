using Linktor.Contracts.Channels;
using Linktor.Contracts.Conversations;
using Linktor.Storage.Json;
using Linktor.Storage.Messages;
using Linktor.Storage.Paging;
using Linktor.Storage.Tenants;
using Npgsql;

namespace Linktor.Storage.Conversations;

/// <summary>The inbox queries: conversation list with filters and keyset paging, and single conversations.</summary>
public sealed class ConversationQueries(NpgsqlDataSource dataSource)
{
    private const string Select = $"""
        SELECT c.id, c.tenant_id, c.contact_id, ct.name, ct.email, ct.phone, c.channel_id, c.channel_type, c.status,
               c.assignee_id, c.priority, c.labels, c.snoozed_until, c.last_seq, c.unread_count, c.created_at,
               greatest(c.updated_at, c.last_activity_at), c.last_activity_at, {MessageRows.Columns}
        FROM conversations c
        JOIN contacts ct ON ct.id = c.contact_id AND ct.tenant_id = c.tenant_id
        LEFT JOIN messages m ON m.id = c.last_message_id AND m.tenant_id = c.tenant_id
        """;

    /// <summary>Most recently active first.</summary>
    public async Task<PageResult<ConversationRecord>> ListAsync(Guid tenantId, ConversationFilter f, PageRequest page, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"""
            {Select}
            WHERE ($1::timestamptz IS NULL OR (c.last_activity_at, c.id) < ($1, $2)) AND c.tenant_id = $4
              AND ($5::text IS NULL OR c.status = $5)
              AND ($6::uuid IS NULL OR c.assignee_id = $6)
              AND (NOT $7 OR c.assignee_id IS NULL)
              AND ($8::uuid IS NULL OR c.channel_id = $8)
              AND ($9::text IS NULL OR c.labels @> ARRAY[$9])
              AND ($10::uuid IS NULL OR c.contact_id = $10)
              AND ($11::text IS NULL OR ct.search_text LIKE '%' || lower($11) || '%'
                   OR EXISTS (SELECT 1 FROM messages s WHERE s.tenant_id = c.tenant_id AND s.conversation_id = c.id
                              AND s.body ILIKE '%' || $11 || '%'))
            ORDER BY c.last_activity_at DESC, c.id DESC LIMIT $3
            """);
        TenantQueries.AddPage(cmd, page);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = f.Status?.ToDb() });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = f.AssigneeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = f.Unassigned });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = f.ChannelId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = f.Label });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = f.ContactId });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = Like.Escape(f.Query?.Trim()) });
        return await PagedQuery.RunAsync(cmd, page.Limit, Read, c => new Cursor(c.LastActivityAt ?? c.CreatedAt, c.Id), ct).ConfigureAwait(false);
    }

    public async Task<ConversationRecord?> GetAsync(Guid tenantId, Guid conversationId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand($"{Select} WHERE c.tenant_id = $1 AND c.id = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? Read(r) : null;
    }

    public async Task<bool> ExistsAsync(Guid tenantId, Guid conversationId, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM conversations WHERE tenant_id = $1 AND id = $2)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        return (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private static ConversationRecord Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        TenantId = r.GetGuid(1),
        Contact = new ContactSummary
        {
            Id = r.GetGuid(2),
            Name = r.IsDBNull(3) ? null : r.GetString(3),
            Email = r.IsDBNull(4) ? null : r.GetString(4),
            Phone = r.IsDBNull(5) ? null : r.GetString(5),
        },
        ChannelId = r.GetGuid(6),
        ChannelType = DbNames.FromDb<ChannelType>(r.GetString(7)),
        Status = DbNames.FromDb<ConversationStatus>(r.GetString(8)),
        AssigneeId = r.IsDBNull(9) ? null : r.GetGuid(9),
        Priority = r.IsDBNull(10) ? null : DbNames.FromDb<ConversationPriority>(r.GetString(10)),
        Labels = r.GetFieldValue<string[]>(11),
        SnoozedUntil = r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        LastSeq = r.GetInt64(13),
        UnreadCount = r.GetInt32(14),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(15),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(16),
        LastActivityAt = r.GetFieldValue<DateTimeOffset>(17),
        LastMessage = MessageRows.Read(r, 18),
    };
}
