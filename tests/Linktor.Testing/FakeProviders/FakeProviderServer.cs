using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// A provider's HTTP API on a real Kestrel server on loopback: subclasses map the provider's
/// documented endpoints. Every request is recorded with its arrival time; faults can be injected
/// for the requests a predicate picks (by default, every request), for a number of requests or
/// until cleared.
/// </summary>
public abstract class FakeProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Lock _faultLock = new();
    private WebApplication? _app;
    private Fault? _fault;
    private Func<HttpRequest, bool> _faultApplies = _ => true;
    private int _faultsLeft;

    /// <summary>The server's base URL, ending in '/'; what a channel's <c>api_base_url</c> is set to.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>How long the fake takes to answer a request it accepts (a provider that takes its time; none by default).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Requests the fake accepted (not answered by a fault) whose path ends with <paramref name="pathSuffix"/>.</summary>
    public IReadOnlyList<RecordedRequest> Accepted(string pathSuffix) =>
        [.. _requests.Where(r => r.Accepted && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal))];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        ConfigureServices(builder.Services);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            context.Request.Body.Position = 0;
            var fault = TakeFault(context.Request);
            _requests.Enqueue(new RecordedRequest(
                DateTimeOffset.UtcNow,
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                buffer.ToArray(),
                context.Request.ContentType,
                Accepted: fault is null,
                RemotePort: context.Connection.RemotePort));
            if (fault is null)
            {
                if (await WaitAsync(ResponseDelay, context))
                {
                    await next(context);
                }

                return;
            }

            if (!await WaitAsync(fault.Delay, context))
            {
                return; // the client gave up, as it should
            }

            context.Response.StatusCode = fault.StatusCode;
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (fault.Body is not null)
            {
                context.Response.ContentType = fault.ContentType;
                await context.Response.WriteAsync(fault.Body, context.RequestAborted);
            }
        });
        MapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        _app = app;
    }

    /// <summary>Waits before answering; false when the client gave up meanwhile (then nothing is answered).</summary>
    private static async Task<bool> WaitAsync(TimeSpan delay, HttpContext context)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(delay, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> requests that <paramref name="applies"/> picks with
    /// <paramref name="fault"/> (all of them until <see cref="ClearFault"/> when count is null).
    /// </summary>
    public void InjectFault(Fault fault, int? count = null, Func<HttpRequest, bool>? applies = null)
    {
        lock (_faultLock)
        {
            _fault = fault;
            _faultsLeft = count ?? int.MaxValue;
            _faultApplies = applies ?? (_ => true);
        }
    }

    public void ClearFault()
    {
        lock (_faultLock)
        {
            _fault = null;
        }
    }

    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Maps the provider's endpoints (paths relative to <see cref="BaseUrl"/>).</summary>
    protected abstract void MapEndpoints(WebApplication app);

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private Fault? TakeFault(HttpRequest request)
    {
        lock (_faultLock)
        {
            if (_fault is null || _faultsLeft <= 0 || !_faultApplies(request))
            {
                return null;
            }

            _faultsLeft--;
            return _fault;
        }
    }
}
