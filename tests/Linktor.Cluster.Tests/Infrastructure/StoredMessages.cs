using Npgsql;
using Shouldly;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>What PostgreSQL's <c>messages</c> table holds for a tenant, checked against what the senders were told.</summary>
public static class StoredMessages
{
    /// <summary>
    /// Every acknowledged send is stored exactly once, with the seq and text it was acknowledged with; no send
    /// (acknowledged or not) is stored twice; each conversation's seq runs 1..n without a gap.
    /// </summary>
    public static async Task ShouldHoldExactlyOnceAsync(NpgsqlDataSource database, Guid tenantId, IEnumerable<SendOutcome> outcomes)
    {
        var rows = new List<(Guid Id, Guid Conversation, long Seq, string? Body)>();
        await using (var cmd = database.CreateCommand("SELECT id, conversation_id, seq, body FROM messages WHERE tenant_id = $1"))
        {
            cmd.Parameters.AddWithValue(tenantId);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        var twice = rows.GroupBy(r => r.Body).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        twice.ShouldBeEmpty("no send is stored twice");

        var byId = rows.ToDictionary(r => r.Id);
        var missing = new List<string>();
        foreach (var acked in outcomes.Where(o => o.Acknowledged))
        {
            if (!byId.TryGetValue(acked.Message!.Id, out var row))
            {
                missing.Add(acked.ToString());
                continue;
            }

            row.Seq.ShouldBe(acked.Message.Seq, $"{acked.Key} is stored with the seq it was acknowledged with");
            row.Body.ShouldBe(acked.Key);
        }

        missing.ShouldBeEmpty("every acknowledged send is stored");

        var gaps = rows.GroupBy(r => r.Conversation)
            .Select(g => (Conversation: g.Key, Seqs: g.Select(r => r.Seq).Order().ToList()))
            .Where(c => !c.Seqs.SequenceEqual(Enumerable.Range(1, c.Seqs.Count).Select(i => (long)i)))
            .Select(c => $"{c.Conversation}: {string.Join(",", c.Seqs)}")
            .ToList();
        gaps.ShouldBeEmpty("every conversation's seq is gap-free from 1");
    }
}
