using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Tenants;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>A fresh tenant with one web-chat channel, and shortcuts to its grains.</summary>
public sealed class TestTenant
{
    private readonly IGrainFactory _grains;

    private TestTenant(IGrainFactory grains, Guid id, Guid channelId)
    {
        _grains = grains;
        Id = id;
        ChannelId = channelId;
    }

    public Guid Id { get; }

    public Guid ChannelId { get; }

    /// <summary>An agent of this tenant (any id: grains do not check users).</summary>
    public Actor Agent { get; } = new(ActorType.Agent, Guid.CreateVersion7());

    public static async Task<TestTenant> CreateAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var id = Guid.CreateVersion7();
        var tenant = grains.GetGrain<ITenantGrain>(id);
        (await tenant.CreateAsync(new TenantDraft
        {
            Name = $"Tenant {id:N}",
            Slug = $"t-{id:N}",
            AdminEmail = $"admin-{id:N}@example.test",
            AdminPasswordHash = "not-a-real-hash",
        })).ShouldSucceed();
        var channel = (await tenant.CreateChannelAsync(new ChannelDraft { Type = ChannelType.Webchat, Name = "x" })).ShouldSucceed();
        return new TestTenant(grains, id, channel.Id);
    }

    /// <summary>The same tenant, reached through another cluster's client (after a restart).</summary>
    public TestTenant On(IGrainFactory grains) => new(grains, Id, ChannelId);

    /// <summary>A new web-chat visitor id (what the session endpoint hands out).</summary>
    public static string NewVisitor() => Guid.NewGuid().ToString("D");

    public static InboundMessage Inbound(string text, string? externalId = null) =>
        new() { Content = MessageContent.FromText(text), ExternalId = externalId };

    public SendMessage Text(string text, string? idempotencyKey = null, bool isPrivate = false) =>
        new() { Content = MessageContent.FromText(text), Sender = Agent, IdempotencyKey = idempotencyKey, Private = isPrivate };

    public IIdentityGrain Identity(string visitor, Guid? channelId = null) =>
        _grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(Id, channelId ?? ChannelId, visitor));

    /// <summary>Another channel of this tenant.</summary>
    public async Task<Guid> AddChannelAsync(ChannelType type, IReadOnlyDictionary<string, string>? config = null) =>
        (await _grains.GetGrain<ITenantGrain>(Id).CreateChannelAsync(new ChannelDraft
        {
            Type = type, Name = type.ToString(), Config = config ?? new Dictionary<string, string>(),
        })).ShouldSucceed().Id;

    public IChannelGrain Channel(Guid channelId) =>
        _grains.GetGrain<IChannelGrain>(GrainKeys.Scoped(Id, channelId));

    public IConversationGrain Conversation(Guid conversationId) =>
        _grains.GetGrain<IConversationGrain>(GrainKeys.Scoped(Id, conversationId));

    public IContactGrain Contact(Guid contactId) =>
        _grains.GetGrain<IContactGrain>(GrainKeys.Scoped(Id, contactId));

    public ContactIdentity IdentityOf(string visitor) => new(ChannelId, ChannelType.Webchat, visitor);

    /// <summary>A visitor message through its identity grain (the receive path); fails on a problem.</summary>
    public async Task<Received> ReceiveAsync(string visitor, string text, string? externalId = null) =>
        (await Identity(visitor).ReceiveAsync(Inbound(text, externalId))).ShouldSucceed();

    /// <summary>A conversation with a new visitor, without any message in it yet.</summary>
    public async Task<ConversationRecord> OpenConversationAsync(string? visitor = null, Guid? channelId = null) =>
        (await Identity(visitor ?? NewVisitor(), channelId).OpenConversationAsync(null)).ShouldSucceed().Conversation;

    public async Task<MessageRecord> SendAsync(Guid conversationId, string text, string? idempotencyKey = null) =>
        (await Conversation(conversationId).SendAsync(Text(text, idempotencyKey))).ShouldSucceed();
}
