using Npgsql;

namespace Linktor.Bench.Baseline;

/// <summary>The baseline's two tables, and its pooled data source.</summary>
public static class BaselineDatabase
{
    /// <summary>
    /// One pooled data source; Npgsql prepares the statements it sees repeatedly (auto-prepare), which is
    /// what a careful implementation of this design would do.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString) =>
        new NpgsqlDataSourceBuilder(connectionString)
        {
            ConnectionStringBuilder = { MaxAutoPrepare = 16, AutoPrepareMinUsages = 2, MaxPoolSize = 128, NoResetOnClose = true },
        }.Build();

    /// <summary>The same guarantees as Linktor's schema: seq unique (gap-free by the row lock) per conversation, tenant in every key.</summary>
    public static async Task CreateSchemaAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS conversations (
                tenant_id  uuid        NOT NULL,
                id         uuid        NOT NULL,
                last_seq   bigint      NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, id)
            );
            CREATE TABLE IF NOT EXISTS messages (
                id              uuid        PRIMARY KEY,
                tenant_id       uuid        NOT NULL,
                conversation_id uuid        NOT NULL,
                seq             bigint      NOT NULL,
                direction       text        NOT NULL,
                status          text        NOT NULL,
                content         jsonb       NOT NULL,
                created_at      timestamptz NOT NULL,
                UNIQUE (tenant_id, conversation_id, seq)
            );
            """);
        await command.ExecuteNonQueryAsync();
    }
}
