using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Linktor.LoadGen;

/// <summary>
/// A subscriber's endpoint for the webhook phase (Kestrel on loopback): answers 200 to every POST and records, per
/// event, how long after the message was created it arrived (the message's <c>created_at</c> is set when it commits).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, double> _lagMs = new();
    private WebApplication? _app;
    private int _requests;

    public string Url { get; private set; } = "";

    /// <summary>Distinct events received.</summary>
    public int Events => _lagMs.Count;

    /// <summary>POSTs received, repeats included.</summary>
    public int Requests => _requests;

    public double[] SortedLagMs() => [.. _lagMs.Values.Order()];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            var receivedAt = DateTimeOffset.UtcNow;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            var createdAt = root.GetProperty("data").GetProperty("created_at").GetDateTimeOffset();
            _lagMs.TryAdd(root.GetProperty("id").GetString()!, (receivedAt - createdAt).TotalMilliseconds);
            Interlocked.Increment(ref _requests);
            return Results.Ok();
        });
        await app.StartAsync();
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks";
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
