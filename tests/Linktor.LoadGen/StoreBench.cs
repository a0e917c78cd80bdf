using System.Diagnostics;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Storage.Hosting;
using Linktor.Storage.Messages;
using Linktor.Storage.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Linktor.LoadGen;

/// <summary>
/// The message store alone: durable appends from many conversations (one writer each, one message
/// in flight each, as a conversation grain does) through group commit, beside the same appends made
/// one INSERT-and-commit per message.
/// </summary>
internal static class StoreBench
{
    public static async Task<int> RunAsync(string connectionString, int seconds, int conversations)
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxPoolSize = 100 } }.Build();
        await MigrationRunner.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);

        var perCommit = await RunPhaseAsync("one transaction per message", seconds, conversations, async m =>
        {
            await using var cmd = dataSource.CreateCommand("""
                INSERT INTO messages (id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, content_type, content, body, status, created_at)
                VALUES ($1, $2, $3, $4, $5, 'inbound', 'contact', 'text', '{"type":"text","text":"x"}', 'x', 'delivered', now())
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = m.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = m.TenantId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = m.ConversationId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = m.ChannelId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = m.Seq });
            await cmd.ExecuteNonQueryAsync();
            return true;
        });

        await using var store = new MessageStore(dataSource, Options.Create(new StorageOptions { ConnectionString = connectionString }), Options.Create(new Linktor.Storage.Events.EventStreamOptions()), NullLogger<MessageStore>.Instance);
        var grouped = await RunPhaseAsync("group commit (MessageStore)", seconds, conversations, m => store.AppendAsync(m, []));

        Console.WriteLine();
        Console.WriteLine($"{"phase",-32} {"messages",9} {"msg/s",8} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8}");
        foreach (var r in new[] { perCommit, grouped })
        {
            Console.WriteLine($"{r.Name,-32} {r.Count,9} {r.PerSecond,8:F0} {r.P(50),8:F2} {r.P(90),8:F2} {r.P(99),8:F2}");
        }

        Console.WriteLine($"group commit / per-commit: {grouped.PerSecond / perCommit.PerSecond:F1}x");
        return 0;
    }

    private static async Task<PhaseResult> RunPhaseAsync(string name, int seconds, int conversations, Func<MessageRecord, Task<bool>> append)
    {
        Console.WriteLine($"Running {name} for {seconds} s over {conversations} conversations ...");
        var tenant = Guid.CreateVersion7();
        var channel = Guid.CreateVersion7();
        var latencies = new List<double>[conversations];
        var failures = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, conversations).Select(async c =>
        {
            await Task.Yield();
            var mine = latencies[c] = [];
            var conversation = Guid.CreateVersion7();
            for (long seq = 1; Stopwatch.GetTimestamp() < stopAt; seq++)
            {
                var message = new MessageRecord
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = tenant,
                    ConversationId = conversation,
                    ChannelId = channel,
                    Seq = seq,
                    Direction = MessageDirection.Inbound,
                    Sender = new MessageSender(ActorType.Contact, null),
                    Content = MessageContent.FromText("x"),
                    Status = MessageStatus.Delivered,
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                var started = Stopwatch.GetTimestamp();
                if (!await append(message))
                {
                    Interlocked.Increment(ref failures);
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return new PhaseResult(name, latencies.SelectMany(l => l).Order().ToArray(), failures, clock.Elapsed.TotalSeconds);
    }
}
