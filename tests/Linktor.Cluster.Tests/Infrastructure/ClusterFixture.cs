using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Linktor.Testing;
using Npgsql;
using Xunit;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// A real cluster for the assembly, started with <c>deploy/local/cluster.sh</c>: 3 silos and 2 API nodes on
/// loopback, against a PostgreSQL and a Redis of its own (cluster.sh provisions them in its workspace), so that
/// restarting them cannot disturb the other test assemblies that run at the same time.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string PlatformAdminKey = "platform-admin-key-for-cluster-tests";

    /// <summary>The cluster's Orleans identity (cluster.sh's LINKTOR_CLUSTER_ID, and the default service id).</summary>
    public const string ClusterId = "linktor-tests";
    public const string ServiceId = "linktor";
    private const string SigningKey = "signing-key-for-cluster-tests-0123456789abcdef";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(100);

    /// <summary>How long the nodes get to report ready (the deadline, not a wait: they are usually ready at once).</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly List<ClusterNode> _nodes = [];
    private readonly SocketsHttpHandler _handler = new()
    {
        // Never the bottleneck: a request waiting for a free connection here would count as the server's hang.
        MaxConnectionsPerServer = 8000,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private NpgsqlDataSource? _database;

    public IReadOnlyList<ClusterNode> Nodes
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes];
            }
        }
    }

    public IReadOnlyList<ClusterNode> ApiNodes => [.. Nodes.Where(n => !n.IsSilo)];

    /// <summary>The silos whose process still runs.</summary>
    public IReadOnlyList<ClusterNode> LiveSilos => [.. Nodes.Where(n => n.IsSilo && n.IsAlive)];

    /// <summary>The cluster's database, to check what is stored.</summary>
    public NpgsqlDataSource Database => _database ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>cluster.sh's workspace: node logs, the private PostgreSQL and Redis.</summary>
    public static string Dir => Paths.ClusterDir;

    public async ValueTask InitializeAsync()
    {
        // A run that died may have left its cluster behind (stopping an absent one is a no-op); start from an
        // empty workspace, so that no membership rows or data of an earlier run remain.
        await ClusterShAsync("stop");
        await LibAsync($"linktor_pg_destroy {Q(Path.Combine(Dir, "pg"))}\nrm -rf -- {Q(Dir)}");
        var output = await ClusterShAsync("start --silos 3 --apis 2");
        lock (_nodes)
        {
            _nodes.AddRange(ClusterNode.Parse(output));
        }

        if (_nodes.Count != 5)
        {
            throw new InvalidOperationException($"cluster.sh start should list 3 silos and 2 API nodes:{Environment.NewLine}{output}");
        }

        var connectionString = (await Shell.RunAsync($"source {Q(Path.Combine(Dir, "backing.env"))}; printf '%s' \"$LINKTOR_CLUSTER_POSTGRES\"")).Trim();
        _database = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxPoolSize = 10 } }.Build();
    }

    public async ValueTask DisposeAsync()
    {
        _handler.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await ClusterShAsync("stop");
    }

    /// <summary>A client of one node. Requests give up after 30 s: what takes longer counts as a hang.</summary>
    public HttpClient CreateHttpClient(ClusterNode node, string? bearer = null)
    {
        var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = node.Http, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Starts one more silo (<c>cluster.sh add silo</c>) and waits until it is ready.</summary>
    public async Task<ClusterNode> AddSiloAsync()
    {
        var node = ClusterNode.Parse(await ClusterShAsync("add silo")).Single();
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        return node;
    }

    /// <summary>Starts silos until <paramref name="count"/> run (a test before may have killed or drained one).</summary>
    public async Task EnsureSilosAsync(int count = 3)
    {
        while (LiveSilos.Count < count)
        {
            await AddSiloAsync();
        }
    }

    /// <summary>
    /// Waits until every running node answers 200 on <c>/health/ready</c>, and reports the nodes that were not ready
    /// at first. A test's setup starts with this, because it comes right after whatever the test before did to the
    /// cluster: after a PostgreSQL restart, a node whose pool has not been used since still holds connections the
    /// server closed, and the first request to use one answers 503 (Retry-After) even though PostgreSQL is back.
    /// Readiness tells: its check runs on the same pool, answers 503 while a dead connection is next in line, and
    /// once it answers 200 so do the node's other requests.
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        var deadline = timeout ?? ReadyTimeout;
        var waits = await Task.WhenAll(Nodes.Where(n => n.IsAlive).Select(async node =>
        {
            using var client = CreateHttpClient(node);
            var notReady = new List<string>();
            await Eventually.TrueAsync(async () =>
            {
                if (!node.IsAlive)
                {
                    return true; // exited meanwhile: no longer one of the running nodes
                }

                // Each probe gets a few seconds: a node that hangs is not ready, and the next probe tries again.
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    using var response = await client.GetAsync("/health/ready", probe.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return true;
                    }

                    notReady.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
                {
                    notReady.Add(ex.GetType().Name);
                }

                return false;
            }, deadline, $"{node.Name} ({node.Http}) answers 200 on /health/ready");
            return (node.Name, NotReady: notReady);
        }));

        foreach (var (name, notReady) in waits.Where(w => w.NotReady.Count > 0))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"[ready] {name} was not ready at first: {notReady.Count} probe(s) ({string.Join(", ", notReady.Distinct())}) before 200");
        }
    }

    /// <summary>
    /// A node certificate (serverAuth + clientAuth) from the CA in <paramref name="caDirectory"/>, made with the same
    /// script cluster.sh uses: <c>deploy/local/cluster-certs.sh</c> (it makes the CA too when the folder has none).
    /// </summary>
    public static async Task<X509Certificate2> IssueCertificateAsync(string caDirectory, string name)
    {
        await Shell.RunAsync($"deploy/local/cluster-certs.sh {Q(caDirectory)} {Q(name)}");
        return X509Certificate2.CreateFromPemFile(Path.Combine(caDirectory, name + ".pem"), Path.Combine(caDirectory, name + ".key"));
    }

    /// <summary>The folder of the cluster's own CA and node certificates (cluster.sh's <c>tls/</c>).</summary>
    public static string CertificateDir => Path.Combine(Dir, "tls");

    /// <summary>SIGKILL: a crash; nothing in the process runs after it.</summary>
    public static async Task KillAsync(ClusterNode node)
    {
        await Shell.RunAsync($"kill -KILL {node.Pid}");
        await WaitForExitAsync(node, TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM, then waits for the process to exit (a graceful shutdown: the silo drains and leaves).</summary>
    public static async Task TerminateAsync(ClusterNode node)
    {
        await Shell.RunAsync($"kill -TERM {node.Pid}");
        await WaitForExitAsync(node, StopTimeout);
    }

    /// <summary>Stops the private PostgreSQL (fast shutdown: sessions are terminated, 57P01).</summary>
    public static Task StopPostgresAsync() => LibAsync($"linktor_pg_stop {Q(Path.Combine(Dir, "pg"))}");

    /// <summary>
    /// Starts it again on the same port and data: <c>pg_ctl start</c> as test.sh describes, since lib.sh's
    /// start would move to another port while the old one still has connections in TIME_WAIT.
    /// </summary>
    public static Task StartPostgresAsync() => LibAsync($"""
        _lk_pg_env
        data=$(readlink -f {Q(Path.Combine(Dir, "pg"))})
        _lk_as_pg "$LINKTOR_PG_BIN/pg_ctl" -D "$data" -l "$data.log" -w -t 60 -s start
        """);

    public static Task StopRedisAsync() => LibAsync($"linktor_redis_stop {Q(Path.Combine(Dir, "redis"))}");

    /// <summary>Starts Redis again from its own config (same port, password and data), and waits for PONG.</summary>
    public static Task StartRedisAsync() => LibAsync($"""
        dir={Q(Path.Combine(Dir, "redis"))}
        redis-server "$dir/redis.conf"
        _lk_redis_export "$dir" "$(<"$dir/port")"
        _lk_redis_wait_ready
        """);

    /// <summary>The last lines of every node's log, for a failing test's output.</summary>
    public void ReportLogs(int lines = 40)
    {
        if (TestContext.Current.TestOutputHelper is not { } output)
        {
            return;
        }

        foreach (var node in Nodes)
        {
            var log = Path.Combine(Dir, node.Name + ".log");
            output.WriteLine($"===== {node.Name} (pid {node.Pid}, {(node.IsAlive ? "running" : "exited")}): {log} =====");
            if (File.Exists(log))
            {
                foreach (var line in File.ReadLines(log).TakeLast(lines))
                {
                    output.WriteLine(line);
                }
            }
        }
    }

    private static async Task WaitForExitAsync(ClusterNode node, TimeSpan timeout) =>
        await Eventually.TrueAsync(() => Task.FromResult(!node.IsAlive), timeout, $"{node.Name} (pid {node.Pid}) exits");

    private static Task<string> ClusterShAsync(string arguments) =>
        Shell.RunAsync($"deploy/local/cluster.sh {arguments}", new Dictionary<string, string?>
        {
            ["LINKTOR_CLUSTER_DIR"] = Dir,
            ["LINKTOR_CONFIGURATION"] = Paths.Configuration,
            // The solution was just built (./test.sh builds it before the tests); do not build again.
            ["LINKTOR_SKIP_BUILD"] = "1",
            ["LINKTOR_CLUSTER_ID"] = ClusterId,
            ["LINKTOR_CLUSTER_POSTGRES"] = null,
            ["LINKTOR_CLUSTER_REDIS"] = null,
            ["Linktor__Platform__AdminKey"] = PlatformAdminKey,
            ["Linktor__Auth__SigningKey"] = SigningKey,
            // The fake providers and the webhook tests' receiver listen on loopback, and channels point their
            // api_base_url at them: production refuses both.
            ["Linktor__Outbound__AllowPrivateNetworks"] = "true",
            ["Linktor__Webhooks__AllowPrivateNetworks"] = "true",
            ["Linktor__Channels__AllowCustomApiBaseUrl"] = "true",
            // A crashed silo's attachment copies are taken again once their claim lapses: soon, so a test need not wait 3 min.
            ["Linktor__Media__CopyLease"] = "00:00:15",
        }, TimeSpan.FromMinutes(5));

    private static Task<string> LibAsync(string command) => Shell.RunAsync($"source deploy/local/lib.sh\n{command}");

    private static string Q(string path) => Shell.Quote(path);
}
