using Linktor.Contracts.Channels;
using Linktor.Storage.Json;
using Npgsql;

namespace Linktor.Storage.Analytics;

/// <summary>
/// The report of <c>GET /analytics/summary</c>: two statements in one round trip, each a range scan of an index
/// that starts with the tenant (0006_analytics.sql). Windows are half-open: from ≤ t &lt; to.
/// </summary>
public sealed class AnalyticsQueries(NpgsqlDataSource dataSource)
{
    // $4: channel id or null; $5: the conversation's current assignee or null. Without either, the resolutions
    // are not joined to their conversations at all (a join would read every conversation of the tenant).
    private const string ConversationFilter = "($4::uuid IS NULL OR c.channel_id = $4) AND ($5::uuid IS NULL OR c.assignee_id = $5)";

    private const string MessagesSql = """
        SELECT m.channel_id, ch.type, ch.name,
               count(*) FILTER (WHERE m.direction = 'inbound'),
               count(*) FILTER (WHERE m.direction = 'outbound' AND NOT m.private),
               count(*) FILTER (WHERE m.private),
               count(*) FILTER (WHERE m.direction = 'outbound' AND NOT m.private AND m.status = 'queued'),
               count(*) FILTER (WHERE m.direction = 'outbound' AND NOT m.private AND m.status = 'sent'),
               count(*) FILTER (WHERE m.direction = 'outbound' AND NOT m.private AND m.status = 'delivered'),
               count(*) FILTER (WHERE m.direction = 'outbound' AND NOT m.private AND m.status = 'read'),
               count(*) FILTER (WHERE m.direction = 'outbound' AND NOT m.private AND m.status = 'failed')
        FROM messages m
        JOIN channels ch ON ch.id = m.channel_id AND ch.tenant_id = m.tenant_id
        WHERE m.tenant_id = $1 AND m.created_at >= $2 AND m.created_at < $3
          AND ($4::uuid IS NULL OR m.channel_id = $4)
          AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM conversations c WHERE c.tenant_id = m.tenant_id
                                           AND c.id = m.conversation_id AND c.assignee_id = $5))
        GROUP BY m.channel_id, ch.type, ch.name
        ORDER BY count(*) FILTER (WHERE NOT m.private) DESC, m.channel_id
        """;

    private const string ConversationsSql = $"""
        SELECT (SELECT count(*) FROM conversations c
                WHERE c.tenant_id = $1 AND c.created_at >= $2 AND c.created_at < $3 AND {ConversationFilter}),
               f.n, f.median, f.p90, r.n, r.median, r.p90
        FROM (SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median,
                     percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
              FROM (SELECT extract(epoch FROM c.first_response_at - c.first_inbound_at)::double precision AS s
                    FROM conversations c
                    WHERE c.tenant_id = $1 AND c.first_response_at >= $2 AND c.first_response_at < $3
                      AND c.first_inbound_at IS NOT NULL AND {ConversationFilter}) x) f,
             (SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median,
                     percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
              FROM (SELECT extract(epoch FROM res.resolved_at - res.opened_at)::double precision AS s
                    FROM conversation_resolutions res
                    WHERE res.tenant_id = $1 AND res.resolved_at >= $2 AND res.resolved_at < $3
                      AND ($4::uuid IS NULL AND $5::uuid IS NULL
                           OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = res.conversation_id AND c.tenant_id = res.tenant_id
                                      AND {ConversationFilter}))) x) r
        """;

    public async Task<AnalyticsSummary> SummarizeAsync(Guid tenantId, AnalyticsFilter filter, CancellationToken ct = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(MessagesSql, tenantId, filter));
        batch.BatchCommands.Add(Command(ConversationsSql, tenantId, filter));
        await using var r = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);

        var channels = new List<ChannelMessageCounts>();
        long inbound = 0, outbound = 0, notes = 0, queued = 0, sent = 0, delivered = 0, read = 0, failed = 0;
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            channels.Add(new ChannelMessageCounts
            {
                ChannelId = r.GetGuid(0),
                ChannelType = DbNames.FromDb<ChannelType>(r.GetString(1)),
                Name = r.GetString(2),
                Inbound = r.GetInt64(3),
                Outbound = r.GetInt64(4),
            });
            inbound += r.GetInt64(3);
            outbound += r.GetInt64(4);
            notes += r.GetInt64(5);
            queued += r.GetInt64(6);
            sent += r.GetInt64(7);
            delivered += r.GetInt64(8);
            read += r.GetInt64(9);
            failed += r.GetInt64(10);
        }

        await r.NextResultAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return new AnalyticsSummary
        {
            From = filter.From,
            To = filter.To,
            ChannelId = filter.ChannelId,
            AssigneeId = filter.AssigneeId,
            Messages = new MessageCounts
            {
                Inbound = inbound,
                Outbound = outbound,
                PrivateNotes = notes,
                ByStatus = new OutboundStatusCounts { Queued = queued, Sent = sent, Delivered = delivered, Read = read, Failed = failed },
                // Channels with only private notes in the window have no traffic to show.
                ByChannel = channels.Where(c => c.Inbound + c.Outbound > 0).ToList(),
            },
            Conversations = new ConversationCounts { Opened = r.GetInt64(0), Resolved = r.GetInt64(4) },
            FirstResponseTime = Durations(r, 1),
            ResolutionTime = Durations(r, 4),
        };
    }

    /// <summary>Whether the tenant has (or had: deleted ones keep their history) this channel.</summary>
    public Task<bool> ChannelExistsAsync(Guid tenantId, Guid channelId, CancellationToken ct = default) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM channels WHERE tenant_id = $1 AND id = $2)", tenantId, channelId, ct);

    /// <summary>Whether the tenant has (or had: deleted ones keep their history) this user.</summary>
    public Task<bool> UserExistsAsync(Guid tenantId, Guid userId, CancellationToken ct = default) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2)", tenantId, userId, ct);

    private async Task<bool> ExistsAsync(string sql, Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private static NpgsqlBatchCommand Command(string sql, Guid tenantId, AnalyticsFilter f)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = f.From });
        cmd.Parameters.Add(new NpgsqlParameter { Value = f.To });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = f.ChannelId });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = f.AssigneeId });
        return cmd;
    }

    private static DurationStats Durations(NpgsqlDataReader r, int column) => new()
    {
        Count = r.GetInt64(column),
        MedianSeconds = r.IsDBNull(column + 1) ? null : r.GetDouble(column + 1),
        P90Seconds = r.IsDBNull(column + 2) ? null : r.GetDouble(column + 2),
    };
}
