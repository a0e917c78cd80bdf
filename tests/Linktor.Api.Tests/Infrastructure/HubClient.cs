using System.Text.Json;
using Linktor.Api.Tests.Wire;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>A real SignalR connection to one of the node's hubs, recording every event it receives.</summary>
public sealed class HubClient : IAsyncDisposable
{
    /// <summary>The server → client methods of API.md's hubs.</summary>
    public static readonly IReadOnlyList<string> EventNames =
    [
        "message.created", "message.updated", "conversation.created", "conversation.updated", "contact.created",
        "contact.updated", "channel.updated", "typing", "presence",
    ];

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, data => Events.Add(name, data));
        }
    }

    public HubConnection Connection { get; }

    public EventLog Events { get; } = new();

    /// <summary>Connects to <paramref name="path"/> (e.g. <c>/hubs/inbox</c>) with <paramref name="token"/> as the access token.</summary>
    public static async Task<HubClient> ConnectAsync(Uri baseAddress, string path, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions = new JsonSerializerOptions(WireJson.Options))
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task InvokeAsync(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args);

    public async Task<T> InvokeAsync<T>(string method, params object?[] args)
    {
        var result = await Connection.InvokeCoreAsync<JsonElement>(method, args);
        return WireJson.Read<T>(result);
    }

    public Task<T> WaitForAsync<T>(string name, Func<T, bool> match, string because, TimeSpan? timeout = null) =>
        Events.WaitForAsync(name, match, because, timeout);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
