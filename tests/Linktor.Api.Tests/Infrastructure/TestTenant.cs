using System.Security.Cryptography;
using Linktor.Api.Tests.Wire;
using Shouldly;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A fresh tenant made through the platform route, with its admin signed in: each test makes its own, so tests
/// sharing the node never see each other's data.
/// </summary>
public sealed class TestTenant
{
    public const string Password = "correct horse battery staple";

    private Channel? _webChat;

    private TestTenant(LinktorNode node, Tenant tenant, User admin, Tokens tokens)
    {
        Node = node;
        Tenant = tenant;
        Admin = admin;
        AdminTokens = tokens;
        AdminApi = new ApiClient(node.CreateHttpClient(tokens.AccessToken));
    }

    public LinktorNode Node { get; }

    public Tenant Tenant { get; }

    public Guid Id => Tenant.Id;

    public User Admin { get; }

    public Tokens AdminTokens { get; }

    /// <summary>The admin's requests (a signed-in agent session, not an API key).</summary>
    public ApiClient AdminApi { get; }

    public static async Task<TestTenant> CreateAsync(LinktorNode node, string? name = null)
    {
        var slug = "t-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var email = $"admin@{slug}.example.com";
        var created = await node.PlatformApi.PostAsync("/api/v1/tenants", new
        {
            name = name ?? $"Tenant {slug}",
            slug,
            admin_email = email,
            admin_password = Password,
            admin_name = "Ada Admin",
        });
        var tenant = created.ShouldBe<TenantCreated>(201);
        tenant.AdminUser.Role.ShouldBe("admin");
        var tokens = await node.LoginAsync(email, Password);
        return new TestTenant(node, tenant.Tenant, tenant.AdminUser, tokens);
    }

    /// <summary>A new agent (or admin) of this tenant, signed in.</summary>
    public async Task<Agent> CreateUserAsync(string role = "agent", string? name = null)
    {
        var email = $"{role}-{Guid.NewGuid():N}@{Tenant.Slug}.example.com";
        var user = (await AdminApi.PostAsync("/api/v1/users", new { email, name = name ?? $"Test {role}", role, password = Password }))
            .ShouldBe<User>(201);
        var tokens = await Node.LoginAsync(email, Password);
        return new Agent(user, tokens, new ApiClient(Node.CreateHttpClient(tokens.AccessToken)));
    }

    public async Task<Channel> CreateWebChatChannelAsync(string? name = null, object? config = null) =>
        (await AdminApi.PostAsync("/api/v1/channels", new { type = "webchat", name = name ?? "Website", config }))
            .ShouldBe<Channel>(201);

    /// <summary>The tenant's web-chat channel, made on first use.</summary>
    public async Task<Channel> WebChatAsync() => _webChat ??= await CreateWebChatChannelAsync();

    /// <summary>A new web-chat visitor (and so a contact with an identity on the channel).</summary>
    public async Task<WebChatSession> StartVisitorAsync(Guid? channelId = null, string? name = null)
    {
        var channel = channelId ?? (await WebChatAsync()).Id;
        return (await Node.AnonymousApi.PostAsync($"/api/v1/webchat/{channel}/sessions", new { name = name ?? "Visitor" }))
            .ShouldBe<WebChatSession>(201);
    }

    /// <summary>A conversation with a new web-chat visitor, opened by the admin (<c>POST /api/v1/conversations</c>).</summary>
    public async Task<(Conversation Conversation, WebChatSession Visitor)> StartConversationAsync(string? visitorName = null)
    {
        var channel = await WebChatAsync();
        var visitor = await StartVisitorAsync(channel.Id, visitorName);
        var conversation = (await AdminApi.PostAsync("/api/v1/conversations", new { contact_id = visitor.ContactId, channel_id = channel.Id }))
            .ShouldBe<Conversation>(201);
        return (conversation, visitor);
    }

    public async Task<Message> SendTextAsync(Guid conversationId, string text, bool isPrivate = false, ApiClient? api = null) =>
        (await (api ?? AdminApi).PostAsync($"/api/v1/conversations/{conversationId}/messages",
            new { content = new { type = "text", text }, @private = isPrivate })).ShouldBe<Message>(202);

    public Task<HubClient> ConnectInboxAsync(string? accessToken = null) =>
        HubClient.ConnectAsync(Node.BaseAddress, "/hubs/inbox", accessToken ?? AdminTokens.AccessToken);

    public Task<HubClient> ConnectVisitorAsync(WebChatSession visitor) =>
        HubClient.ConnectAsync(Node.BaseAddress, "/hubs/webchat", visitor.VisitorToken);

    public Task<TenantRows> CountRowsAsync() => TenantRows.CountAsync(Node.Database.DataSource, Id);

    /// <summary>All of the tenant's rows and grain state, to show that something changed nothing.</summary>
    public Task<string> SnapshotAsync() => TenantSnapshot.TakeAsync(Node.Database.DataSource, Id);
}
