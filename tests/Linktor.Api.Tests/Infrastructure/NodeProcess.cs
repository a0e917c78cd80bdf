using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Linktor.Testing;
using Xunit;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A single node as a real process (<c>dotnet Linktor.SingleNode.dll</c>: API and silo co-hosted), configured by
/// environment variables, to be stopped gracefully (SIGTERM) or killed (SIGKILL) and started again.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeProcess(Process process, Uri baseAddress, string name)
    {
        _process = process;
        BaseAddress = baseAddress;
        Name = name;
    }

    public Uri BaseAddress { get; }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The single node's build output for the configuration these tests were built in (Release under ./test.sh).</summary>
    public static string NodeDll
    {
        get
        {
            var configuration = typeof(NodeProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var dll = Path.Combine(RepoRoot, "api", "Linktor.SingleNode", "bin", configuration, "net10.0", "Linktor.SingleNode.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution ({configuration}) first: {dll} is missing.", dll);
        }
    }

    /// <summary><c>LINKTOR_REPO_ROOT</c>, else the nearest directory above the tests holding Linktor.Orleans.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            if (Environment.GetEnvironmentVariable("LINKTOR_REPO_ROOT") is { Length: > 0 } root)
            {
                return root;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Linktor.Orleans.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Set LINKTOR_REPO_ROOT: no Linktor.Orleans.sln above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Starts the API on free ports against <paramref name="connectionString"/> and waits for <c>/health/ready</c>.</summary>
    /// <param name="name">The node's name in reports.</param>
    /// <param name="connectionString">Its database.</param>
    /// <param name="settings">Environment variables on top of the test defaults (e.g. <c>Linktor__Telemetry__MetricsPort</c>).</param>
    public static async Task<NodeProcess> StartAsync(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [NodeDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(NodeDll)!,
        };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["Linktor__Postgres__ConnectionString"] = connectionString;
        env["Linktor__Hosting__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        env["Linktor__Hosting__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        env["Linktor__Platform__AdminKey"] = LinktorNode.PlatformAdminKey;
        env["Linktor__Auth__SigningKey"] = LinktorNode.SigningKey;
        env["Linktor__Secrets__MasterKey"] = LinktorNode.MasterKey;
        env["Linktor__Api__LoginsPerMinute"] = "100000";
        env["Linktor__Api__WebChatSessionsPerMinute"] = "100000";
        env["Linktor__WebChat__MessagesPerIp__PerMinute"] = "100000";
        env["Linktor__WebChat__MessagesPerIp__Burst"] = "100000";
        // The fake providers listen on loopback and channels point their api_base_url at them: production refuses both.
        env["Linktor__Outbound__AllowPrivateNetworks"] = "true";
        env["Linktor__Channels__AllowCustomApiBaseUrl"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}"), name);
        process.OutputDataReceived += (_, e) => node.Record("out", e.Data);
        process.ErrorDataReceived += (_, e) => node.Record("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = node.CreateHttpClient();
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode} while starting.");
                }

                return (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode;
            }, StartTimeout, $"{name} (pid {process.Id}) reports ready on {node.BaseAddress}");
        }
        catch
        {
            await node.DisposeAsync();
            throw new InvalidOperationException($"{name} did not start. Its output:{Environment.NewLine}{node.Output}");
        }

        return node;
    }

    public HttpClient CreateHttpClient(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>SIGTERM: the host shuts down gracefully (silo leaves, writes finish). Waits for the exit.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"{Name} did not exit within {StopTimeout.TotalSeconds:0} s of SIGTERM.");
        }
    }

    /// <summary>SIGKILL: a crash. Nothing runs after it.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    /// <summary>Appends the output of <paramref name="nodes"/> to the test's output (call when the test fails).</summary>
    public static void Report(IEnumerable<NodeProcess> nodes)
    {
        if (TestContext.Current.TestOutputHelper is not { } output)
        {
            return;
        }

        foreach (var node in nodes)
        {
            output.WriteLine($"===== {node.Name} ({(node.HasExited ? $"exited {node.ExitCode}" : "running")}) =====");
            output.WriteLine(node.Output);
        }
    }

    private void Record(string stream, string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"[{stream}] {line}");
        }
    }
}
