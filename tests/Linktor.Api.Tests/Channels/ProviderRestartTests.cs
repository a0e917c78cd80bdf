using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Channels;

/// <summary>
/// Messages queued for a provider that is down survive a crash of the node (a real process, SIGKILL) and are
/// sent once each by the restarted node.
/// </summary>
public sealed class ProviderRestartTests : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly FakeTelegram _fake = new();
    private PostgresDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync(migrate: false);
        await _fake.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _fake.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task ACrashWhileMessagesWaitForAProviderOutageLosesNoneAndSendsNoneTwice()
    {
        try
        {
            await RunAsync();
        }
        catch
        {
            NodeProcess.Report(_nodes);
            throw;
        }
    }

    private async Task RunAsync()
    {
        var first = await StartAsync("node #1");
        var token = await SetUpTenantAsync(first);
        using var admin = first.CreateHttpClient(token);
        var api = new ApiClient(admin);
        var channel = (await api.PostAsync("/api/v1/channels", new
        {
            type = "telegram", name = "Bot", config = new { api_base_url = _fake.BaseUrl.ToString() }, credentials = new { bot_token = _fake.BotToken },
        })).ShouldBe<Channel>(201);
        using var hook = FakeTelegram.WebhookPost(new Uri(channel.WebhookUrl), FakeTelegram.TextUpdate(1, chatId: 31337, messageId: 1, "hello?"), _fake.WebhookSecretToken!);
        (await admin.SendAsync(hook, Ct)).IsSuccessStatusCode.ShouldBeTrue();
        var conversationId = await Eventually.GetAsync(() => Sql.ScalarAsync<Guid?>(_database!.DataSource,
            "SELECT conversation_id FROM messages WHERE external_id = '31337:1'"), TimeSpan.FromSeconds(30), "the inbound message is stored", Ct);

        _fake.InjectFault(FakeTelegram.ServerError(503), applies: FakeTelegram.ForMethod("sendMessage"));
        var replies = new List<Message>();
        for (var i = 1; i <= 10; i++)
        {
            replies.Add((await api.PostAsync($"/api/v1/conversations/{conversationId}/messages", new { content = new { type = "text", text = $"queued {i}" } }))
                .ShouldBe<Message>(202));
        }

        await Eventually.TrueAsync(() => Task.FromResult(_fake.Requests.Count(r => !r.Accepted) >= 3), TimeSpan.FromSeconds(30),
            "the provider is being tried and refuses", Ct);
        await first.KillAsync();
        _fake.ClearFault();

        var second = await StartAsync("node #2");
        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(_database!.DataSource,
                "SELECT count(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'") == replies.Count,
            TimeSpan.FromSeconds(60), "the restarted node sends what was queued at the crash", Ct);
        _fake.Calls("sendMessage").Select(r => r.Json.GetProperty("text").GetString())
            .ShouldBe(replies.Select(r => r.Content.Text), "each queued message reached the provider once, in order");
        second.HasExited.ShouldBeFalse();
    }

    private async Task<NodeProcess> StartAsync(string name)
    {
        var node = await NodeProcess.StartAsync(name, _database!.ConnectionString);
        _nodes.Add(node);
        return node;
    }

    private static async Task<string> SetUpTenantAsync(NodeProcess node)
    {
        using var platform = node.CreateHttpClient(LinktorNode.PlatformAdminKey);
        using var anonymous = node.CreateHttpClient();
        (await new ApiClient(platform).PostAsync("/api/v1/tenants", new
        {
            name = "Outage", slug = "outage", admin_email = "admin@outage.example.com", admin_password = TestTenant.Password,
        })).ShouldBe(201);
        return (await new ApiClient(anonymous).PostAsync("/api/v1/auth/login",
            new { email = "admin@outage.example.com", password = TestTenant.Password })).ShouldBe<Tokens>(200).AccessToken;
    }
}
