using System.Net;
using System.Text.RegularExpressions;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// An inbound attachment is copied into the media store off the webhook's path, by whichever silo claims the copy.
/// When that silo crashes mid-download, the copy is not lost with it: its claim lapses (<c>Linktor:Media:CopyLease</c>,
/// short on the test cluster) and a silo takes it again, with nobody opening the attachment.
/// </summary>
public sealed partial class AttachmentCopyAfterASiloCrashTests(ClusterFixture cluster) : IAsyncDisposable
{
    private const string FileId = "AgACAgIAAxkBAAIBcrashphoto";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly FakeTelegram _telegram = new();

    public async ValueTask DisposeAsync() => await _telegram.DisposeAsync();

    [Fact]
    public async Task ACopyInterruptedByASiloCrashIsMadeAfterTheRestartWithoutAnyoneDownloadingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await cluster.EnsureSilosAsync();
        await _telegram.StartAsync();
        var photo = new byte[48 * 1024];
        Random.Shared.NextBytes(photo);
        _telegram.AddFile(FileId, "photos/file_7.jpg", photo);
        var tenant = await ClusterTenant.CreateAsync(cluster, conversations: 0);
        var node = cluster.ApiNodes[0];
        using var admin = cluster.CreateHttpClient(node, tenant.ApiKey);
        var channel = await ClusterTenant.CreateTelegramChannelAsync(admin, _telegram);

        try
        {
            // The download hangs: the silo copying it is in the middle of it when it dies.
            _telegram.InjectFault(Fault.Hang(TimeSpan.FromMinutes(10)), applies: r => r.Path.StartsWithSegments("/file", StringComparison.Ordinal));
            using var anonymous = cluster.CreateHttpClient(node);
            var webhook = new UriBuilder(channel.WebhookUrl) { Scheme = node.Http.Scheme, Host = node.Http.Host, Port = node.Http.Port }.Uri;
            using (var delivered = await anonymous.SendAsync(FakeTelegram.WebhookPost(
                webhook, FakeTelegram.PhotoUpdate(501, chatId: 7007, messageId: 9, FileId, caption: "the broken part"), _telegram.WebhookSecretToken!), ct))
            {
                delivered.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            var download = await Eventually.GetAsync(
                () => Task.FromResult(_telegram.Requests.FirstOrDefault(r => r.Path.StartsWith("/file/", StringComparison.Ordinal))),
                Deadline, "a silo starts copying the attachment", ct);
            var copierPid = await PidOfClientPortAsync(download.RemotePort);
            var copier = cluster.LiveSilos.SingleOrDefault(s => s.Pid == copierPid)
                ?? throw new InvalidOperationException($"no silo holds the download's connection (client port {download.RemotePort})");
            var messageId = await MessageIdAsync(tenant.Id);
            (await CopyStatusAsync(messageId)).ShouldBe("pending");

            await ClusterFixture.KillAsync(copier);
            _telegram.ClearFault();
            await cluster.EnsureSilosAsync(); // the restart

            await Eventually.TrueAsync(async () => await CopyStatusAsync(messageId) == "copied", Deadline,
                "the copy is made once the crashed silo's claim lapses", ct);
            _telegram.Accepted("/file/bot" + _telegram.BotToken + "/photos/file_7.jpg").Count.ShouldBe(1, "copied once, after the crash");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"[attachment copy] {copier.Name} killed mid-download; copied {(DateTimeOffset.UtcNow - download.ReceivedAt).TotalSeconds:F1} s after the interrupted download began");
        }
        catch
        {
            cluster.ReportLogs();
            throw;
        }
    }

    /// <summary>The process whose TCP socket has local port <paramref name="port"/> (the client side of a request the fake received).</summary>
    private static async Task<int> PidOfClientPortAsync(int port)
    {
        var sockets = await Shell.RunAsync($"ss -Htnp state established '( sport = :{port} )'");
        return PidPattern().Match(sockets) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private async Task<Guid> MessageIdAsync(Guid tenantId)
    {
        await using var cmd = cluster.Database.CreateCommand("SELECT id FROM messages WHERE tenant_id = $1 AND direction = 'inbound'");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string?> CopyStatusAsync(Guid messageId)
    {
        await using var cmd = cluster.Database.CreateCommand("SELECT status FROM media_copies WHERE message_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = messageId });
        return (string?)await cmd.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();
}
