using Linktor.Storage.Messages;
using Linktor.Testing;
using Npgsql;
using Shouldly;

namespace Linktor.Storage.Tests;

/// <summary>
/// Makes a group-commit batch deterministic. With one writer, a "plug" append whose conversation row is locked by
/// this gate holds the writer inside its statement; everything appended meanwhile waits in the queue and goes out
/// as one batch when the gate opens.
/// </summary>
internal sealed class BatchGate : IAsyncDisposable
{
    private static readonly TimeSpan BlockDeadline = TimeSpan.FromSeconds(10);

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly Task<bool> _plug;

    private BatchGate(NpgsqlConnection connection, NpgsqlTransaction transaction, Task<bool> plug)
    {
        _connection = connection;
        _transaction = transaction;
        _plug = plug;
    }

    /// <summary>Blocks <paramref name="store"/>'s (single) writer until <see cref="OpenAsync"/>.</summary>
    public static async Task<BatchGate> CloseAsync(NpgsqlDataSource dataSource, MessageStore store, Guid tenantId, CancellationToken ct)
    {
        var conversationId = await StoredMessages.CreateConversationRowAsync(dataSource, tenantId);
        var connection = await dataSource.OpenConnectionAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = conversationId });
            await lockRow.ExecuteScalarAsync(ct);
        }

        var plug = store.AppendAsync(StoredMessages.Inbound(tenantId, conversationId, 1, "plug"), []);
        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(dataSource,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO messages%'") > 0,
            BlockDeadline, "the plug append waits on the locked conversation row", ct);
        return new BatchGate(connection, transaction, plug);
    }

    /// <summary>Lets the plug through; what was queued behind it goes next, as one batch.</summary>
    public async Task OpenAsync()
    {
        await _transaction.CommitAsync();
        (await _plug).ShouldBeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
