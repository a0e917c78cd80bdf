using System.Text.Json;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Messages;

/// <summary>Maps <c>messages</c> rows selected with <see cref="Columns"/> to records.</summary>
internal static class MessageRows
{
    public const string Columns = """
        m.id, m.tenant_id, m.conversation_id, m.channel_id, m.seq, m.direction, m.sender_type, m.sender_id,
        m.content, m.private, m.status, m.error_code, m.error_message, m.external_id, m.idempotency_key,
        m.created_at, m.sent_at, m.delivered_at, m.read_at, m.edited_at
        """;

    public const int ColumnCount = 20;

    /// <summary>Reads a message whose columns start at <paramref name="o"/>; null when the id column is null (outer joins).</summary>
    public static MessageRecord? Read(NpgsqlDataReader r, int o = 0)
    {
        if (r.IsDBNull(o))
        {
            return null;
        }

        return new MessageRecord
        {
            Id = r.GetGuid(o),
            TenantId = r.GetGuid(o + 1),
            ConversationId = r.GetGuid(o + 2),
            ChannelId = r.GetGuid(o + 3),
            Seq = r.GetInt64(o + 4),
            Direction = DbNames.FromDb<MessageDirection>(r.GetString(o + 5)),
            Sender = new MessageSender(
                DbNames.FromDb<ActorType>(r.GetString(o + 6)), r.IsDBNull(o + 7) ? null : r.GetGuid(o + 7)),
            Content = JsonSerializer.Deserialize<MessageContent>(r.GetString(o + 8), StorageJson.Options)!,
            Private = r.GetBoolean(o + 9),
            Status = DbNames.FromDb<MessageStatus>(r.GetString(o + 10)),
            Error = r.IsDBNull(o + 11) ? null : new MessageError(r.GetString(o + 11), r.IsDBNull(o + 12) ? string.Empty : r.GetString(o + 12)),
            ExternalId = r.IsDBNull(o + 13) ? null : r.GetString(o + 13),
            IdempotencyKey = r.IsDBNull(o + 14) ? null : r.GetString(o + 14),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(o + 15),
            SentAt = r.IsDBNull(o + 16) ? null : r.GetFieldValue<DateTimeOffset>(o + 16),
            DeliveredAt = r.IsDBNull(o + 17) ? null : r.GetFieldValue<DateTimeOffset>(o + 17),
            ReadAt = r.IsDBNull(o + 18) ? null : r.GetFieldValue<DateTimeOffset>(o + 18),
            EditedAt = r.IsDBNull(o + 19) ? null : r.GetFieldValue<DateTimeOffset>(o + 19),
        };
    }
}
