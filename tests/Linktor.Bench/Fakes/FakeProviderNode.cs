using System.Globalization;
using Linktor.Bench.Infrastructure;

namespace Linktor.Bench.Fakes;

/// <summary>The driver's handle on the <see cref="FakeProviderServer"/> process: its URL and control routes.</summary>
public sealed class FakeProviderNode : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private FakeProviderNode(ChildProcess process, int port)
    {
        _process = process;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>What a channel's <c>api_base_url</c> is set to.</summary>
    public Uri BaseUrl { get; }

    public int? Pid => _process.HasExited ? null : _process.Pid;

    public static async Task<FakeProviderNode> StartAsync(BenchEnvironment env, int latencyMs, CancellationToken ct)
    {
        var port = FreePort.Next();
        var self = typeof(FakeProviderNode).Assembly.Location;
        var process = ChildProcess.Start("fake-providers", "dotnet",
            [self, "fake-providers", "--port", port.ToString(CultureInfo.InvariantCulture), "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }, Path.Combine(env.LogDirectory, "fake-providers.log"));
        var node = new FakeProviderNode(process, port);
        await Waiting.RequireAsync(async () => !process.HasExited && (await node._http.GetAsync(new Uri("_bench/count", UriKind.Relative), ct)).IsSuccessStatusCode,
            TimeSpan.FromMinutes(1), "the fake providers to listen", ct);
        return node;
    }

    public async Task SetLatencyAsync(int milliseconds, CancellationToken ct) =>
        (await _http.PostAsync(new Uri($"_bench/latency?ms={milliseconds}", UriKind.Relative), null, ct)).EnsureSuccessStatusCode();

    public async Task ResetAsync(CancellationToken ct) =>
        (await _http.PostAsync(new Uri("_bench/reset", UriKind.Relative), null, ct)).EnsureSuccessStatusCode();

    /// <summary>Sends received since the last reset (marked or not).</summary>
    public async Task<long> CountAsync(CancellationToken ct) =>
        long.Parse(await _http.GetStringAsync(new Uri("_bench/count", UriKind.Relative), ct), CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<ProviderReceipt>> ReceiptsAsync(CancellationToken ct)
    {
        var bytes = await _http.GetByteArrayAsync(new Uri("_bench/receipts", UriKind.Relative), ct);
        var receipts = new ProviderReceipt[bytes.Length / 16];
        for (var i = 0; i < receipts.Length; i++)
        {
            receipts[i] = new ProviderReceipt(BitConverter.ToInt64(bytes, i * 16), BitConverter.ToInt64(bytes, (i * 16) + 8));
        }

        return receipts;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _http.Dispose();
    }
}
