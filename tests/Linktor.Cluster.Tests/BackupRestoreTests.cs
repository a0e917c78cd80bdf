using System.Diagnostics;
using System.Globalization;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// deploy/backup's scripts, end to end, as README's "Backup and restore" tells an operator to run them: a single node on a
/// PostgreSQL of its own writes a tenant, its admin, an API key, a Telegram channel (its bot token encrypted with the Data
/// Protection key ring, which lives in the database) and messages; the database is backed up, restored into a fresh
/// PostgreSQL, and a new node started on that finds every message and seq, lets the admin log in, takes the API key, and
/// sends through the channel with the decrypted token. Apart from the assembly's cluster: own servers, own node, own ports.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private static readonly string Dir = Paths.Workspace("backup");
    private static readonly string[] Chats = ["9001", "9002", "9003"];
    private static readonly TimeSpan ArchiveTimeout = TimeSpan.FromSeconds(60);

    private readonly FakeTelegram _telegram = new();
    private readonly List<SingleNodeProcess> _nodes = [];
    private readonly string _ports = Path.Combine(Dir, "ports");

    public async ValueTask InitializeAsync()
    {
        // A run that died may have left its servers running: stop and delete them, then start from an empty workspace.
        await DestroyServersAsync($"rm -rf -- {Shell.Quote(Dir)}\nmkdir -p -- {Shell.Quote(Dir)}");
        await _telegram.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        // The nodes' logs stay, for a look after a failure.
        await DestroyServersAsync($"cd {Shell.Quote(Dir)} && rm -rf -- *.dump base wal-archive media");
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task ADumpRestoredIntoAFreshPostgresGivesANewNodeEveryMessageAndSeqTheLoginTheApiKeyAndTheChannelCredential()
    {
        var took = Stopwatch.StartNew();
        try
        {
            var source = await PrivatePostgres.StartAsync(Path.Combine(Dir, "pg-source"), _ports);
            var before = await StartNodeAsync("node-before-dump", source);
            var tenant = await BackedUpTenant.CreateAsync(before, _telegram);
            var sent = (await tenant.SendAsync(before, Chats, each: 4, "before the dump")).ToList();

            // Dumped while the node runs (pg_dump reads one snapshot); then the old database goes away for good.
            var dump = Path.Combine(Dir, "linktor.dump");
            await Shell.RunAsync($"deploy/backup/dump.sh --connection {Shell.Quote(source.ConnectionString)} {Shell.Quote(dump)}");
            await before.StopAsync();
            await PrivatePostgres.DestroyAsync(source.DataDir);

            var restored = await PrivatePostgres.StartAsync(Path.Combine(Dir, "pg-restored"), _ports, createDatabase: false);
            await Shell.RunAsync($"deploy/backup/restore-dump.sh --create --connection {Shell.Quote(restored.ConnectionString)} {Shell.Quote(dump)}");
            var after = await StartNodeAsync("node-after-restore", restored);

            await tenant.ShouldHoldExactlyAsync(after, sent, "after the restore");
            await ShouldWorkAsBeforeAsync(after, tenant, sent);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"[dump and restore] {sent.Count} messages in {Chats.Length} conversations restored and checked in {took.Elapsed.TotalSeconds:F0} s");
        }
        catch
        {
            Report();
            throw;
        }
    }

    [Fact]
    public async Task APointInTimeRestoreHoldsWhatWasCommittedByTheTargetTimeAndNothingAfter()
    {
        var took = Stopwatch.StartNew();
        try
        {
            var source = await PrivatePostgres.StartAsync(Path.Combine(Dir, "pg-source"), _ports);
            var archive = Path.Combine(Path.GetDirectoryName(await PrivatePostgres.RealDataDirAsync(source.DataDir))!, "wal-archive");
            await source.ArchiveWalAsync(archive);
            var before = await StartNodeAsync("node-before-backup", source);
            var tenant = await BackedUpTenant.CreateAsync(before, _telegram);
            var kept = (await tenant.SendAsync(before, Chats[..1], each: 3, "before the base backup")).ToList();

            var baseBackup = Path.Combine(Dir, "base");
            await Shell.RunAsync($"deploy/backup/basebackup.sh --connection {Shell.Quote(source.ConnectionString)} {Shell.Quote(baseBackup)}");
            // Only in the archived WAL: the restore must replay it on top of the base backup.
            kept.AddRange(await tenant.SendAsync(before, Chats[..1], each: 3, "after the base backup"));
            var target = await source.NowAsync();
            var lost = await tenant.SendAsync(before, Chats, each: 2, "after the target time");
            await source.ArchiveCurrentWalAsync(ArchiveTimeout);
            await before.StopAsync();
            await source.StopAsync();

            var restoredDir = Path.Combine(Dir, "pg-pitr");
            var port = int.Parse((await Shell.RunAsync(
                $"source deploy/local/lib.sh\nexport LINKTOR_PORT_REGISTRY={Shell.Quote(_ports)}\nlinktor_free_port")).Trim(), CultureInfo.InvariantCulture);
            await Shell.RunAsync($"""
                deploy/backup/restore-pitr.sh --base {Shell.Quote(baseBackup)} --archive {Shell.Quote(archive)} \
                  --pgdata {Shell.Quote(await PrivatePostgres.RealDataDirAsync(restoredDir))} --target-time {Shell.Quote(target)} --start --port {port}
                """);
            var restored = PrivatePostgres.Running(restoredDir, port, source.Password);
            var after = await StartNodeAsync("node-after-pitr", restored);

            await tenant.ShouldHoldExactlyAsync(after, kept, $"restored to {target}");
            lost.Count.ShouldBe(Chats.Length * 2, "the messages after the target time were acknowledged before the backup of the WAL");
            await ShouldWorkAsBeforeAsync(after, tenant, kept);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"[point-in-time restore] {kept.Count} messages kept, {lost.Count} after the target gone, checked in {took.Elapsed.TotalSeconds:F0} s");
        }
        catch
        {
            Report();
            throw;
        }
    }

    /// <summary>The admin logs in, the API key authenticates, and a send through the channel uses its decrypted bot token.</summary>
    private static async Task ShouldWorkAsBeforeAsync(SingleNodeProcess node, BackedUpTenant tenant, IReadOnlyList<MessageRef> held)
    {
        var token = await tenant.LogInAsync(node);
        using (var admin = node.CreateHttpClient(token))
        {
            (await ClusterTenant.ReadAsync<MeRef>(await admin.GetAsync("/api/v1/me"))).Email.ShouldBe(tenant.Email, "the admin's login is the restored user");
        }

        using (var api = node.CreateHttpClient(tenant.ApiKey))
        {
            var me = await ClusterTenant.ReadAsync<MeRef>(await api.GetAsync("/api/v1/me"));
            (me.Id, me.Type, me.Role).ShouldBe((tenant.ApiKeyId, "api_key", "admin"), "the API key authenticates as the restored key");
        }

        var next = (await tenant.SendAsync(node, [Chats[0]], each: 1, "after the restore")).Single();
        var lastSeq = held.Where(m => m.ConversationId == next.ConversationId).Max(m => m.Seq);
        next.Seq.ShouldBe(lastSeq + 1, "the restored conversation goes on from its last seq");
    }

    private async Task<SingleNodeProcess> StartNodeAsync(string name, PrivatePostgres database)
    {
        var node = await SingleNodeProcess.StartAsync(name, database.ConnectionString, Dir, _ports);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Stops and deletes every PostgreSQL server of the workspace (<c>pg-*</c>, not their .log and .password files), then runs <paramref name="then"/>.</summary>
    private static Task DestroyServersAsync(string then) => Shell.RunAsync($"""
        source deploy/local/lib.sh
        for d in {Shell.Quote(Dir)}/pg-*; do
          [[ $(basename -- "$d") == *.* || ! -e $d ]] || linktor_pg_destroy "$d"
        done
        {then}
        """);

    private void Report()
    {
        foreach (var node in _nodes)
        {
            node.Report();
        }
    }
}
