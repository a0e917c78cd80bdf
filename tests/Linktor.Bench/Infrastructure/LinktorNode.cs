using System.Globalization;
using System.Net;

namespace Linktor.Bench.Infrastructure;

/// <summary>
/// A Linktor single node (api/Linktor.SingleNode: the silo and the API in one process), run from the
/// Release build with the environment run.sh gives it, on free ports, against a database of its own. It
/// can be restarted on the same ports (its data stays), which makes every grain cold.
/// </summary>
public sealed class LinktorNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private readonly BenchEnvironment _env;
    private readonly string _name;
    private readonly Dictionary<string, string> _variables;
    private ChildProcess? _process;
    private int _starts;

    private LinktorNode(BenchEnvironment env, string name, Dictionary<string, string> variables, int port)
    {
        _env = env;
        _name = name;
        _variables = variables;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
    }

    public IPEndPoint Endpoint { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Endpoint.Port}/");

    /// <summary>"127.0.0.1:port", for Host headers.</summary>
    public string Host => $"127.0.0.1:{Endpoint.Port}";

    public HttpClient Http { get; }

    public string PlatformKey => _variables["Linktor__Platform__AdminKey"];

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    public string LogPath => _process?.LogPath ?? "";

    public static async Task<LinktorNode> StartAsync(BenchEnvironment env, string name, string connectionString, CancellationToken ct)
    {
        var port = FreePort.Next();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Linktor__Hosting__Mode"] = "SingleNode",
            ["Linktor__Hosting__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Linktor__Hosting__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Linktor__Postgres__ConnectionString"] = connectionString,
            ["Linktor__Redis__ConnectionString"] = env.Redis,
            ["Linktor__Platform__AdminKey"] = "lkp_" + Secret(30),
            ["Linktor__Auth__SigningKey"] = Secret(48),
            ["Linktor__Secrets__MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Linktor__Media__Path"] = Path.Combine(env.WorkDirectory, "media", name),
            ["Linktor__Outbound__AllowPrivateNetworks"] = "true",
            ["Linktor__Webhooks__AllowPrivateNetworks"] = "true",
            ["Linktor__Channels__AllowCustomApiBaseUrl"] = "true",
            // Setup logs in hundreds of agents from one address; the per-IP limits exist for the public internet.
            ["Linktor__Api__LoginsPerMinute"] = "1000000",
            ["Linktor__Api__WebChatSessionsPerMinute"] = "1000000",
            // The scenarios drive one tenant at thousands of requests a second: measure the node, not the per-tenant limit.
            ["Linktor__Api__TenantRequestsPerMinute"] = "100000000",
            // Long scenarios keep hub connections for longer than the default 15 min token.
            ["Linktor__Auth__AccessTokenLifetime"] = "02:00:00",
        };
        var node = new LinktorNode(env, name, variables, port);
        await node.LaunchAsync(ct);
        return node;
    }

    /// <summary>Stops the node gracefully and starts it again on the same ports and data: every grain is cold after.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopAsync();
        await LaunchAsync(ct);
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopTimeout);
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        _starts++;
        var log = Path.Combine(_env.LogDirectory, $"linktor-{_name}-{_starts}.log");
        var process = ChildProcess.Start($"linktor-{_name}", "dotnet", [_env.NodeDll], _variables, log);
        _process = process;
        var ready = await Waiting.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                return true;
            }

            using var answer = await Http.GetAsync(new Uri("health/ready", UriKind.Relative), ct);
            return answer.IsSuccessStatusCode;
        }, StartTimeout, ct);
        if (!ready || process.HasExited)
        {
            throw new InvalidOperationException($"Linktor ({_name}) did not become ready (log {log}):\n{process.Tail()}");
        }
    }

    private static string Secret(int length) =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(length)).Replace('+', '-').Replace('/', '_').TrimEnd('=')[..length];
}
