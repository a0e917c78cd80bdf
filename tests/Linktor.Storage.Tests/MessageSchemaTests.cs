using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>The migrations create what the message store relies on: its tables and the unique keys that make duplicates impossible.</summary>
public sealed class MessageSchemaTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("messages")]
    [InlineData("message_status_history")]
    [InlineData("conversations")]
    [InlineData("contact_identities")]
    public async Task TheMigrationsCreateTheTable(string table)
    {
        (await Sql.ScalarAsync<string>(fixture.DataSource, "SELECT to_regclass($1)::text", table)).ShouldBe(table);
    }

    [Theory]
    [InlineData("messages_conversation_seq", "(tenant_id, conversation_id, seq)")]
    [InlineData("messages_external_id", "(tenant_id, channel_id, external_id) WHERE (external_id IS NOT NULL)")]
    [InlineData("messages_idempotency_key", "(tenant_id, idempotency_key) WHERE (idempotency_key IS NOT NULL)")]
    public async Task TheMessagesTableHasTheUniqueKey(string index, string definition)
    {
        var ddl = await Sql.ScalarAsync<string>(fixture.DataSource, "SELECT indexdef FROM pg_indexes WHERE tablename = 'messages' AND indexname = $1", index);

        ddl.ShouldNotBeNull().ShouldStartWith($"CREATE UNIQUE INDEX {index} ON public.messages USING btree ");
        ddl.ShouldEndWith(definition);
    }

    [Fact]
    public async Task TheStatusColumnAcceptsOnlyKnownStatuses()
    {
        var error = await Should.ThrowAsync<Npgsql.PostgresException>(() => Sql.ExecuteAsync(fixture.DataSource, """
            INSERT INTO messages (id, tenant_id, conversation_id, channel_id, seq, direction, sender_type, content_type, content, status, created_at)
            VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 1, 'inbound', 'contact', 'text', '{}', 'lost', now())
            """));

        error.SqlState.ShouldBe(Npgsql.PostgresErrorCodes.CheckViolation);
    }
}
