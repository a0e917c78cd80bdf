using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Linktor.Testing;
using Xunit;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// One single node (<c>dotnet Linktor.SingleNode.dll</c>: the silo and the API in one process, single-node mode) on free
/// ports, apart from the assembly's cluster: its own database, no Redis, the same secrets in every life, so that a node
/// started on a restored database reads what one before it wrote. Its output goes to <c>{workspace}/{name}.log</c>.
/// </summary>
public sealed class SingleNodeProcess : IAsyncDisposable
{
    public const string PlatformAdminKey = "platform-admin-key-for-backup-tests";
    private const string SigningKey = "signing-key-for-backup-tests-0123456789abcdef";

    /// <summary>Encrypts the Data Protection key ring in the database: the one secret a restore needs besides the backup.</summary>
    private const string MasterKey = "bGlua3Rvci1iYWNrdXAtdGVzdHMtbWFzdGVyLWtleTM=";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;

    private SingleNodeProcess(string name, Process process, string logPath, Uri http)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        Http = http;
    }

    public string Name { get; }

    public Uri Http { get; }

    public string LogPath { get; }

    /// <summary>Starts a node on <paramref name="connectionString"/> and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<SingleNodeProcess> StartAsync(string name, string connectionString, string workspace, string portRegistry)
    {
        var dll = Path.Combine(Paths.RepoRoot, "api", "Linktor.SingleNode", "bin", Paths.Configuration, "net10.0", "Linktor.SingleNode.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build api/Linktor.SingleNode ({Paths.Configuration}) first: {dll} is missing.", dll);
        }

        var ports = (await Shell.RunAsync(
                $"source deploy/local/lib.sh\nexport LINKTOR_PORT_REGISTRY={Shell.Quote(portRegistry)}\nlinktor_free_port; linktor_free_port; linktor_free_port"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["Linktor__Hosting__Mode"] = "SingleNode";
        env["Linktor__Hosting__SiloPort"] = ports[1];
        env["Linktor__Hosting__GatewayPort"] = ports[2];
        env["Linktor__Postgres__ConnectionString"] = connectionString;
        env["Linktor__Platform__AdminKey"] = PlatformAdminKey;
        env["Linktor__Auth__SigningKey"] = SigningKey;
        env["Linktor__Secrets__MasterKey"] = MasterKey;
        env["Linktor__Media__Path"] = Path.Combine(workspace, "media");
        // The fake provider listens on loopback and the channel points its api_base_url at it: production refuses both.
        env["Linktor__Outbound__AllowPrivateNetworks"] = "true";
        env["Linktor__Channels__AllowCustomApiBaseUrl"] = "true";

        var process = new Process { StartInfo = start };
        var node = new SingleNodeProcess(name, process, Path.Combine(workspace, name + ".log"), new Uri($"http://127.0.0.1:{ports[0]}"));
        process.OutputDataReceived += (_, e) => node.Write(e.Data);
        process.ErrorDataReceived += (_, e) => node.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var http = node.CreateHttpClient();
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{name} exited with {process.ExitCode} while starting (log: {node.LogPath}).");
                }

                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), probe.Token);
                return response.IsSuccessStatusCode;
            }, StartTimeout, $"{name} (pid {process.Id}) reports ready on {node.Http}");
        }
        catch
        {
            node.Report();
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    public HttpClient CreateHttpClient(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>SIGTERM, and waits for the graceful exit (the silo stops, pending writes finish).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await Shell.RunAsync($"kill -TERM {_process.Id.ToString(CultureInfo.InvariantCulture)}");
        using var timeout = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>The last lines of the node's log, to the test's output (for a failure).</summary>
    public void Report(int lines = 60)
    {
        if (TestContext.Current.TestOutputHelper is not { } output)
        {
            return;
        }

        output.WriteLine($"===== {Name} ({Http}, {(_process.HasExited ? "exited" : "running")}): {LogPath} =====");
        lock (_log)
        {
            _log.Flush();
        }

        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        foreach (var line in reader.ReadToEnd().Split('\n').TakeLast(lines))
        {
            output.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.BaseStream is { CanWrite: true })
            {
                _log.WriteLine(line);
            }
        }
    }
}
