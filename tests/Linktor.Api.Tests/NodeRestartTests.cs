using System.Collections.Concurrent;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// "An acknowledged message is never lost" across a redeploy (SIGTERM) and a crash (SIGKILL) of a real API
/// process, restarted on the same database; seq continues without gap or duplicate.
/// </summary>
public sealed class NodeRestartTests : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await PostgresDatabase.CreateAsync(migrate: false);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task StoppingAndCrashingTheNodeLosesNoAcknowledgedMessageAndSeqContinues()
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
        // First life: a tenant, a conversation, 20 acknowledged sends (10 one by one, 10 at once).
        var first = await StartAsync("node #1");
        var (token, conversationId) = await SetUpAsync(first);
        var acked = new List<Message>();
        using (var api = first.CreateHttpClient(token))
        {
            var client = new ApiClient(api);
            for (var i = 1; i <= 10; i++)
            {
                acked.Add(await SendAsync(client, conversationId, $"sequential {i}"));
            }

            acked.AddRange(await Task.WhenAll(Enumerable.Range(1, 10).Select(i => SendAsync(client, conversationId, $"concurrent {i}"))));
        }

        // Redeploy: SIGTERM, a graceful exit, a new process on the same database.
        await first.StopAsync();
        first.ExitCode.ShouldBe(0, "a graceful shutdown exits 0");
        var second = await StartAsync("node #2");
        using (var api = second.CreateHttpClient(token))
        {
            var client = new ApiClient(api);
            await ShouldHoldExactlyAsync(client, conversationId, acked, "after a graceful restart");
            var afterRedeploy = await SendAsync(client, conversationId, "after the redeploy");
            afterRedeploy.Seq.ShouldBe(21, "seq continues after the restart");
            acked.Add(afterRedeploy);

            // Crash: SIGKILL while 8 senders keep requests in flight, once at least 30 sends were acknowledged.
            var (inFlight, crashAcked) = await SendThroughACrashAsync(client, second, conversationId, workers: 8, killAfter: 30);
            acked.AddRange(crashAcked);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"SIGKILL with sends in flight: {crashAcked.Count} acknowledged, {inFlight.Count} unanswered (retried after the restart).");
            var third = await StartAsync("node #3");
            using var api3 = third.CreateHttpClient(token);
            var client3 = new ApiClient(api3);
            var stored = await ShouldHoldExactlyAsync(client3, conversationId, acked, "after a crash");

            // What was in flight and never answered may or may not be stored; retried with its key it is stored once.
            var retried = await Task.WhenAll(inFlight.Select(k => SendAsync(client3, conversationId, k.Text, k.Key)));
            var all = await ReadAllAsync(client3, conversationId);
            all.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, all.Count).Select(i => (long)i), "seq stays gap-free");
            all.Select(m => m.Content.Text).ShouldBeUnique("each send, retried or not, is stored once");
            all.Count.ShouldBe(acked.Count + retried.Length);
            (await SendAsync(client3, conversationId, "after the crash")).Seq.ShouldBe(all.Count + 1);
            stored.Count.ShouldBeGreaterThanOrEqualTo(acked.Count);

            // Nothing acknowledged is stuck: the restarted channel's outbox sends what was queued at the crash.
            await Eventually.TrueAsync(async () => (await ReadAllAsync(client3, conversationId)).All(m => m.Status == "sent"),
                TimeSpan.FromSeconds(60), "every stored message leaves the outbox after the restart", TestContext.Current.CancellationToken);
        }
    }

    private async Task<NodeProcess> StartAsync(string name)
    {
        var node = await NodeProcess.StartAsync(name, _database!.ConnectionString);
        _nodes.Add(node);
        return node;
    }

    private static async Task<(string Token, Guid ConversationId)> SetUpAsync(NodeProcess node)
    {
        using var platform = node.CreateHttpClient(LinktorNode.PlatformAdminKey);
        using var anonymous = node.CreateHttpClient();
        (await new ApiClient(platform).PostAsync("/api/v1/tenants", new
        {
            name = "Restart",
            slug = "restart",
            admin_email = "admin@restart.example.com",
            admin_password = TestTenant.Password,
        })).ShouldBe(201);
        var tokens = (await new ApiClient(anonymous).PostAsync("/api/v1/auth/login",
            new { email = "admin@restart.example.com", password = TestTenant.Password })).ShouldBe<Tokens>(200);
        using var admin = node.CreateHttpClient(tokens.AccessToken);
        var api = new ApiClient(admin);
        var channel = (await api.PostAsync("/api/v1/channels", new { type = "webchat", name = "Site" })).ShouldBe<Channel>(201);
        var visitor = (await new ApiClient(anonymous).PostAsync($"/api/v1/webchat/{channel.Id}/sessions", new { })).ShouldBe<WebChatSession>(201);
        var conversation = (await api.PostAsync("/api/v1/conversations", new { contact_id = visitor.ContactId, channel_id = channel.Id }))
            .ShouldBe<Conversation>(201);
        return (tokens.AccessToken, conversation.Id);
    }

    private static async Task<Message> SendAsync(ApiClient api, Guid conversationId, string text, string? key = null) =>
        (await api.PostAsync($"/api/v1/conversations/{conversationId}/messages",
            new { content = new { type = "text", text } }, key ?? $"key:{text}")).ShouldBe<Message>(202);

    /// <summary>
    /// Keeps <paramref name="workers"/> senders busy (each sends one message after another, so requests are always in
    /// flight) and SIGKILLs the node once <paramref name="killAfter"/> sends were acknowledged.
    /// </summary>
    private static async Task<(List<(string Key, string Text)> Unanswered, List<Message> Acked)> SendThroughACrashAsync(
        ApiClient api, NodeProcess node, Guid conversationId, int workers, int killAfter)
    {
        var acked = new ConcurrentQueue<Message>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = Enumerable.Range(1, workers).Select(async w =>
        {
            for (var i = 1; ; i++)
            {
                var text = $"crash {w}-{i}";
                try
                {
                    var response = await api.PostAsync($"/api/v1/conversations/{conversationId}/messages",
                        new { content = new { type = "text", text } }, $"key:{text}");
                    if (response.Status != 202)
                    {
                        return ((string Key, string Text)?)($"key:{text}", text);
                    }

                    acked.Enqueue(response.As<Message>());
                    if (acked.Count >= killAfter)
                    {
                        enough.TrySetResult();
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The node died with this request in flight.
                    return ($"key:{text}", text);
                }
            }
        }).ToList();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await node.KillAsync();
        var unanswered = (await Task.WhenAll(senders)).OfType<(string Key, string Text)>().ToList();
        return (unanswered, [.. acked]);
    }

    /// <summary>Every acknowledged message is stored once, with its seq; seq is gap-free. Returns all stored messages.</summary>
    private static async Task<List<Message>> ShouldHoldExactlyAsync(ApiClient api, Guid conversationId, List<Message> acked, string when)
    {
        var stored = await ReadAllAsync(api, conversationId);
        stored.Select(m => m.Seq).ShouldBe(Enumerable.Range(1, stored.Count).Select(i => (long)i), $"seq is gap-free {when}");
        stored.Select(m => m.Id).ShouldBeUnique($"no message is stored twice {when}");
        var byId = stored.ToDictionary(m => m.Id);
        foreach (var message in acked)
        {
            byId.ShouldContainKey(message.Id, $"acknowledged '{message.Content.Text}' (seq {message.Seq}) is stored {when}");
            byId[message.Id].Seq.ShouldBe(message.Seq);
            byId[message.Id].Content.Text.ShouldBe(message.Content.Text);
        }

        var conversation = (await api.GetAsync($"/api/v1/conversations/{conversationId}")).ShouldBe<Conversation>(200);
        conversation.LastSeq.ShouldBe(stored.Count, $"the conversation's last_seq follows the log {when}");
        return stored;
    }

    private static async Task<List<Message>> ReadAllAsync(ApiClient api, Guid conversationId) =>
        [.. (await api.GetAsync($"/api/v1/conversations/{conversationId}/messages?after_seq=0&limit=200")).ShouldBe<Page<Message>>(200).Data];
}
