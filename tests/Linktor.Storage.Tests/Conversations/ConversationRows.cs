using Linktor.Contracts.Channels;
using Linktor.Contracts.Conversations;
using Linktor.Storage.Conversations;
using Linktor.Storage.Events;
using Linktor.Testing;
using Microsoft.Extensions.Options;

namespace Linktor.Storage.Tests.Conversations;

/// <summary>What the conversation row tests share: the store, a tenant, and a web-chat conversation of it.</summary>
internal static class ConversationRows
{
    public static ConversationStore Store(PostgresFixture fixture) => new(fixture.DataSource, Options.Create(new EventStreamOptions()));

    public static async Task<Guid> TenantAsync(PostgresFixture fixture, string name)
    {
        var tenantId = Guid.CreateVersion7();
        await Sql.ExecuteAsync(fixture.DataSource, "INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)", tenantId, name, $"t-{tenantId:N}");
        return tenantId;
    }

    public static ConversationRecord Conversation(Guid tenantId, DateTimeOffset created) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Contact = new ContactSummary { Id = Guid.CreateVersion7() },
        ChannelId = Guid.CreateVersion7(),
        ChannelType = ChannelType.Webchat,
        Status = ConversationStatus.Open,
        CreatedAt = created,
        UpdatedAt = created,
    };
}
