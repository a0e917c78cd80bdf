using System.Net.Http.Headers;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// One Linktor node (API + co-hosted silo, single-node mode) on real Kestrel sockets, against its own fresh
/// PostgreSQL database, shared by the whole assembly. Tests isolate themselves by each creating a fresh tenant.
/// </summary>
public class LinktorNode : WebApplicationFactory<Linktor.SingleNode.Program>, IAsyncLifetime
{
    public const string PlatformAdminKey = "platform-admin-key-for-api-tests";
    public const string SigningKey = "signing-key-for-api-tests-0123456789abcdef";

    /// <summary>Encrypts the Data Protection key ring at rest, as every real deployment does (32 bytes, base64).</summary>
    public const string MasterKey = "bGlua3Rvci1hcGktdGVzdHMtbWFzdGVyLWtleS0zMmI=";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _realtime;
    private readonly string _mediaPath = Path.Combine(Path.GetTempPath(), $"linktor-media-{Guid.NewGuid():N}");
    // API clients, not a browser: no cookie jar (a shared one would carry one test's refresh cookie into another's logout).
    private readonly SocketsHttpHandler _handler = new() { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20), UseCookies = false };
    private PostgresDatabase? _database;
    private HttpClient? _anonymous;
    private ApiClient? _platform;

    public LinktorNode()
        : this(new Dictionary<string, string>(), realtime: true)
    {
    }

    /// <param name="settings">Configuration on top of the test defaults (e.g. lower rate limits).</param>
    /// <param name="realtime">Wait at start-up until real-time events flow (costs a login and a web-chat session).</param>
    protected LinktorNode(IReadOnlyDictionary<string, string> settings, bool realtime)
    {
        _settings = settings;
        _realtime = realtime;
    }

    /// <summary>The node's address on a real socket, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The node's database, for checking what is stored.</summary>
    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("The node is not started.");

    /// <summary>The folder of the node's media store.</summary>
    public string MediaPath => _mediaPath;

    /// <summary>How many files the node's media store holds for <paramref name="tenantId"/> (uploads and inbound copies).</summary>
    public int MediaFileCount(Guid tenantId) => !Directory.Exists(_mediaPath) ? 0 : Directory
        .GetFiles(_mediaPath, "*.json", SearchOption.AllDirectories)
        .Count(file => TenantOf(file) == tenantId);

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous => _anonymous ?? throw new InvalidOperationException("The node is not started.");

    /// <summary>Requests without credentials.</summary>
    public ApiClient AnonymousApi => new(Anonymous);

    /// <summary>Requests with the platform admin key (the tenant routes).</summary>
    public ApiClient PlatformApi => _platform ?? throw new InvalidOperationException("The node is not started.");

    public async ValueTask InitializeAsync()
    {
        // The node migrates its own (empty) database at start-up, as in production.
        _database = await PostgresDatabase.CreateAsync(migrate: false);
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        _anonymous = CreateHttpClient();
        _platform = new ApiClient(CreateHttpClient(PlatformAdminKey));
        await Eventually.TrueAsync(async () => (await Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            StartTimeout, "the node reports ready (/health/ready 200)");
        if (_realtime)
        {
            await WaitForRealtimeAsync();
        }
    }

    /// <summary>
    /// Events reach SignalR once this node's relay is in the cluster's realtime directory and the silo's
    /// dispatcher has read it; until then they are dropped (delivery is best-effort by design, history is not).
    /// Waits until a message event really arrives, so that the tests' own events are not raced against start-up.
    /// </summary>
    private async Task WaitForRealtimeAsync()
    {
        var probe = await TestTenant.CreateAsync(this, "Realtime probe");
        var (conversation, _) = await probe.StartConversationAsync();
        await using var agent = await probe.ConnectInboxAsync();
        await agent.InvokeAsync("JoinConversation", conversation.Id);
        await Eventually.TrueAsync(async () =>
        {
            var sent = await probe.SendTextAsync(conversation.Id, "probe");
            try
            {
                await agent.WaitForAsync<Message>("message.created", m => m.Id == sent.Id, "probe", TimeSpan.FromSeconds(1));
                return true;
            }
            catch (Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, StartTimeout, "a message event reaches an agent's SignalR connection");
    }

    /// <summary>
    /// A client of the node's real socket; with <paramref name="bearer"/>, an Authorization header. All clients share
    /// one connection pool, so tests need not dispose the clients they make.
    /// </summary>
    public HttpClient CreateHttpClient(string? bearer = null)
    {
        var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Signs in (<c>POST /api/v1/auth/login</c>) and returns the tokens.</summary>
    public async Task<Tokens> LoginAsync(string email, string password) =>
        (await AnonymousApi.PostAsync("/api/v1/auth/login", new { email, password })).ShouldBe<Tokens>(200);

    // Another test's file may be half written (its .json is not written atomically): it is not this tenant's.
    private static Guid? TenantOf(string metadataFile)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(metadataFile));
            return json.RootElement.GetProperty("tenantId").GetGuid();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or KeyNotFoundException)
        {
            return null;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting reaches the configuration Program reads while building (silo ports, connection string).
        builder.UseSetting("Linktor:Postgres:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Linktor:Hosting:SiloPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Linktor:Hosting:GatewayPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Linktor:Platform:AdminKey", PlatformAdminKey);
        builder.UseSetting("Linktor:Auth:SigningKey", SigningKey);
        builder.UseSetting("Linktor:Secrets:MasterKey", MasterKey);
        builder.UseSetting("Linktor:Seed:Demo", "false");
        // Every test comes from 127.0.0.1: the per-IP limits would throttle the suite, not an attacker.
        builder.UseSetting("Linktor:Api:LoginsPerMinute", "100000");
        builder.UseSetting("Linktor:Api:WebChatSessionsPerMinute", "100000");
        builder.UseSetting("Linktor:Api:WebChatUploadsPerMinute", "100000");
        builder.UseSetting("Linktor:WebChat:MessagesPerIp:PerMinute", "100000");
        builder.UseSetting("Linktor:WebChat:MessagesPerIp:Burst", "100000");
        // The fake providers and webhook receivers listen on loopback, and channels point their api_base_url at them:
        // production refuses both (ProductionPolicyNode keeps that).
        builder.UseSetting("Linktor:Outbound:AllowPrivateNetworks", "true");
        builder.UseSetting("Linktor:Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Linktor:Channels:AllowCustomApiBaseUrl", "true");
        builder.UseSetting("Linktor:Media:Path", _mediaPath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(LogLevel.Warning)));
    }

    public override async ValueTask DisposeAsync()
    {
        _anonymous?.Dispose();
        _platform?.Http.Dispose();
        _handler.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (Directory.Exists(_mediaPath))
        {
            Directory.Delete(_mediaPath, recursive: true);
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
