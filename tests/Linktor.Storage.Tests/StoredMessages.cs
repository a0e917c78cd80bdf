using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Storage.Hosting;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Linktor.Storage.Tests;

/// <summary>Messages, tenants and conversation rows for the message store tests, and stores to write them with.</summary>
internal static class StoredMessages
{
    public static MessageStore Store(PostgresFixture fixture, int maxBatchSize = 500, int writerConcurrency = 4, ILogger<MessageStore>? logger = null) =>
        new(fixture.DataSource,
            Options.Create(new StorageOptions { ConnectionString = fixture.ConnectionString, MaxBatchSize = maxBatchSize, WriterConcurrency = writerConcurrency }),
            Options.Create(new Linktor.Storage.Events.EventStreamOptions()),
            logger ?? NullLogger<MessageStore>.Instance);

    public static MessageRecord Inbound(Guid tenantId, Guid conversationId, long seq, string text = "hello", Guid? channelId = null) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        ConversationId = conversationId,
        ChannelId = channelId ?? ChannelOf(conversationId),
        Seq = seq,
        Direction = MessageDirection.Inbound,
        Sender = new MessageSender(ActorType.Contact, Guid.CreateVersion7()),
        Content = MessageContent.FromText(text),
        Status = MessageStatus.Delivered,
        CreatedAt = DateTimeOffset.UtcNow,
        SentAt = DateTimeOffset.UtcNow,
        DeliveredAt = DateTimeOffset.UtcNow,
    };

    public static MessageRecord Outbound(Guid tenantId, Guid conversationId, long seq, string text = "reply", Guid? channelId = null) =>
        Inbound(tenantId, conversationId, seq, text, channelId) with
        {
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(ActorType.Agent, Guid.CreateVersion7()),
            Status = MessageStatus.Queued,
            SentAt = null,
            DeliveredAt = null,
        };

    /// <summary>One channel per conversation unless told otherwise: derived, so tests need not carry it around.</summary>
    public static Guid ChannelOf(Guid conversationId)
    {
        var bytes = conversationId.ToByteArray();
        bytes[0] ^= 0xFF;
        return new Guid(bytes);
    }

    /// <summary>A tenants row (conversation rows reference it).</summary>
    public static async Task<Guid> CreateTenantAsync(NpgsqlDataSource dataSource)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(dataSource, "INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)", id, $"Tenant {id:N}", $"t-{id:N}");
        return id;
    }

    /// <summary>A fresh conversation list row (as a conversation grain creates it: nothing in it yet).</summary>
    public static async Task<Guid> CreateConversationRowAsync(NpgsqlDataSource dataSource, Guid tenantId)
    {
        var id = Guid.CreateVersion7();
        await Sql.ExecuteAsync(dataSource, """
            INSERT INTO conversations (id, tenant_id, contact_id, channel_id, channel_type, contact_address, status,
                                       last_activity_at, created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'webchat', 'visitor', 'open', now(), now(), now())
            """, id, tenantId, Guid.CreateVersion7(), ChannelOf(id));
        return id;
    }

    /// <summary>The message-derived columns of a conversation row.</summary>
    public static async Task<(long LastSeq, Guid? LastMessageId, int Unread)> ConversationRowAsync(NpgsqlDataSource dataSource, Guid tenantId, Guid conversationId)
    {
        var row = (await Sql.RowsAsync(dataSource,
            "SELECT last_seq, last_message_id, unread_count FROM conversations WHERE tenant_id = $1 AND id = $2", tenantId, conversationId)).Single();
        return ((long)row[0]!, (Guid?)row[1], (int)row[2]!);
    }

    public static Task<long> CountAsync(NpgsqlDataSource dataSource, string where, params object[] args) =>
        Sql.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM messages WHERE {where}", args);
}
