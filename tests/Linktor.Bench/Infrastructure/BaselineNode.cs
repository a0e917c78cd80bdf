using System.Net;

namespace Linktor.Bench.Infrastructure;

/// <summary>The baseline app (tests/Linktor.Bench.Baseline) as a process of its own, against a database of its own.</summary>
public sealed class BaselineNode : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private BaselineNode(ChildProcess process, int port, string platformKey)
    {
        _process = process;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
        PlatformKey = platformKey;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(1) };
    }

    public IPEndPoint Endpoint { get; }

    public string Host => $"127.0.0.1:{Endpoint.Port}";

    public string PlatformKey { get; }

    public HttpClient Http { get; }

    public int? Pid => _process.HasExited ? null : _process.Pid;

    public static async Task<BaselineNode> StartAsync(BenchEnvironment env, string connectionString, CancellationToken ct)
    {
        var port = FreePort.Next();
        var key = "bpk_" + Guid.NewGuid().ToString("N");
        var process = ChildProcess.Start("baseline", "dotnet", [env.BaselineDll], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Baseline__ConnectionString"] = connectionString,
            ["Baseline__PlatformKey"] = key,
        }, Path.Combine(env.LogDirectory, "baseline.log"));
        var node = new BaselineNode(process, port, key);
        var ready = await Waiting.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                return true;
            }

            using var answer = await node.Http.GetAsync(new Uri("health", UriKind.Relative), ct);
            return answer.IsSuccessStatusCode;
        }, TimeSpan.FromMinutes(1), ct);
        if (!ready || process.HasExited)
        {
            throw new InvalidOperationException($"The baseline did not start:\n{process.Tail()}");
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Http.Dispose();
    }
}
