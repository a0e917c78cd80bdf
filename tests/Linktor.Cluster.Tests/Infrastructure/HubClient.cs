using System.Text.Json;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>A real SignalR connection to one API node's hub, recording every message event it receives.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private static readonly string[] EventNames = ["message.created", "message.updated", "conversation.updated", "conversation.created"];

    private readonly List<(string Name, JsonElement Data)> _events = [];

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, data =>
            {
                lock (_events)
                {
                    _events.Add((name, data));
                }
            });
        }
    }

    public HubConnection Connection { get; }

    /// <summary>Connects to <paramref name="path"/> (<c>/hubs/inbox</c> or <c>/hubs/webchat</c>) of <paramref name="node"/>.</summary>
    public static async Task<HubClient> ConnectAsync(ClusterNode node, string path, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Http, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>The <c>message.created</c> events received so far for message <paramref name="id"/>.</summary>
    public int CountMessage(Guid id)
    {
        lock (_events)
        {
            return _events.Count(e => e.Name == "message.created" && Wire.Read<MessageRef>(e.Data).Id == id);
        }
    }

    /// <summary>Waits until the <c>message.created</c> event of message <paramref name="id"/> has arrived.</summary>
    public Task WaitForMessageAsync(Guid id, string because, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Task.FromResult(CountMessage(id) > 0), timeout ?? TimeSpan.FromSeconds(20), because);

    /// <summary>Waits for the first <c>message.created</c> matching <paramref name="match"/>.</summary>
    public Task<MessageRef> WaitForMessageAsync(Func<MessageRef, bool> match, string because, TimeSpan? timeout = null) =>
        Eventually.GetAsync(() =>
        {
            lock (_events)
            {
                return Task.FromResult(_events.Where(e => e.Name == "message.created").Select(e => Wire.Read<MessageRef>(e.Data)).FirstOrDefault(match));
            }
        }, timeout ?? TimeSpan.FromSeconds(20), because);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
