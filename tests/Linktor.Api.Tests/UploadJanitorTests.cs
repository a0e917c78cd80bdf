using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Uploads count against their tenant's quota (agents' and visitors' together; visitors' not yet sent against a share of
/// it), and one that no message took up within
/// the retention is deleted, file and ledger row, giving its bytes back; one a message uses is kept.
/// </summary>
public sealed class UploadJanitorTests(UploadJanitorNode node) : IClassFixture<UploadJanitorNode>
{
    private const int FileBytes = 400; // two fit in the node's 1,000-byte quota, three do not
    private const int SmallFileBytes = 200; // four fit

    private static readonly TimeSpan CollectionDeadline = UploadJanitorNode.Retention + TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUploadNoMessageUsesIsCollectedAndOneAMessageUsesIsKept()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var session = await tenant.StartVisitorAsync(channel.Id);
        await using var visitor = await tenant.ConnectVisitorAsync(session);

        // Kept: a visitor's file they sent, and an agent's file sent in the reply (both uploaded first).
        var visitorsFile = await UploadAsync(Visitor(session), channel.Id, "photo.png", "image/png", SmallFileBytes);
        var opening = await visitor.InvokeAsync<Message>("SendMessage", new { type = "image", media = new { url = visitorsFile.Url } });
        var agentsFile = await UploadAsync(tenant.AdminApi, null, "invoice.pdf", "application/pdf", SmallFileBytes);
        (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{opening.ConversationId}/messages",
            new { content = new { type = "document", media = new { url = agentsFile.Url } } })).ShouldBe(202);
        // Not kept: uploaded after them, never sent.
        var visitorsOrphan = await UploadAsync(Visitor(session), channel.Id, "abandoned.png", "image/png", SmallFileBytes);
        var agentsOrphan = await UploadAsync(tenant.AdminApi, null, "draft.pdf", "application/pdf", SmallFileBytes);

        await Eventually.TrueAsync(async () => !await InLedgerAsync(visitorsOrphan.Id) && !await InLedgerAsync(agentsOrphan.Id),
            CollectionDeadline, "the janitor deletes uploads no message used within the retention", Ct);

        (await ServedAsync(visitorsOrphan.Url)).ShouldBe(404);
        (await ServedAsync(agentsOrphan.Url)).ShouldBe(404);
        // The kept ones are older than the collected ones, so the janitor has passed over them too.
        (await ServedAsync(visitorsFile.Url)).ShouldBe(200);
        (await ServedAsync(agentsFile.Url)).ShouldBe(200);
        (await InLedgerAsync(visitorsFile.Id)).ShouldBeTrue();
        (await InLedgerAsync(agentsFile.Id)).ShouldBeTrue();
        node.MediaFileCount(tenant.Id).ShouldBe(2);
        (await UsageAsync(tenant.Id)).ShouldBe(2 * SmallFileBytes);
    }

    [Fact]
    public async Task UploadsBeyondTheTenantsQuotaAre413AndStoreNothingUntilTheJanitorFreesRoom()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var session = await tenant.StartVisitorAsync(channel.Id);

        // Agents and visitors at once, racing: the quota holds whichever arrives first.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            SendUploadAsync(i % 2 == 0 ? tenant.AdminApi : Visitor(session), i % 2 == 0 ? null : channel.Id, $"file-{i}.bin", "application/octet-stream")));

        answers.Count(a => a.Status == 201).ShouldBe(2);
        foreach (var refused in answers.Where(a => a.Status != 201))
        {
            refused.ShouldBeProblem(413, "payload_too_large").Detail.ShouldContain("quota");
        }

        node.MediaFileCount(tenant.Id).ShouldBe(2, "a refused upload stores nothing");
        (await UsageAsync(tenant.Id)).ShouldBe(2 * FileBytes);
        // The quota is the tenant's: another tenant uploads as usual.
        await UploadAsync(other.AdminApi, null, "theirs.bin", "application/octet-stream");

        // Neither was sent: once collected, their room is free again.
        await Eventually.TrueAsync(async () => node.MediaFileCount(tenant.Id) == 0 && await UsageAsync(tenant.Id) == 0,
            CollectionDeadline, "the janitor deletes the unused uploads and gives their bytes back", Ct);
        await UploadAsync(tenant.AdminApi, null, "now-it-fits.bin", "application/octet-stream");
    }

    [Fact]
    public async Task VisitorsUploadsNoMessageUsesFillOnlyTheirShareAndLeaveRoomForAgents()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var session = await tenant.StartVisitorAsync(channel.Id);
        var other = await tenant.StartVisitorAsync(channel.Id);

        // Anyone can be a visitor: uploads without messages fill the visitors' share (500 of 1,000), whoever sends them.
        var pending = await UploadAsync(Visitor(session), channel.Id, "first.png", "image/png");
        var beyond = await SendUploadAsync(Visitor(other), channel.Id, "second.png", "image/png");
        beyond.ShouldBeProblem(413, "payload_too_large").Detail.ShouldContain("visitors");
        node.MediaFileCount(tenant.Id).ShouldBe(1, "a refused upload stores nothing");

        // The rest of the quota is still the agents'.
        await UploadAsync(tenant.AdminApi, null, "agents.pdf", "application/pdf");

        // A file the visitor sends leaves the share: another visitor's upload fits again (within the tenant's quota).
        await using (var visitor = await tenant.ConnectVisitorAsync(session))
        {
            await visitor.InvokeAsync<Message>("SendMessage", new { type = "image", media = new { url = pending.Url } });
        }

        await UploadAsync(Visitor(other), channel.Id, "third.png", "image/png", SmallFileBytes);
        (await UsageAsync(tenant.Id)).ShouldBe(FileBytes + FileBytes + SmallFileBytes);
    }

    private ApiClient Visitor(WebChatSession session) => new(node.CreateHttpClient(session.VisitorToken));

    private static async Task<UploadedMedia> UploadAsync(ApiClient api, Guid? channelId, string filename, string contentType, int bytes = FileBytes) =>
        (await SendUploadAsync(api, channelId, filename, contentType, bytes)).ShouldBe<UploadedMedia>(201);

    /// <summary>To a web-chat channel's visitor route, or (no channel) to the agents' <c>/api/v1/media</c>.</summary>
    private static Task<ApiResponse> SendUploadAsync(ApiClient api, Guid? channelId, string filename, string contentType, int bytes = FileBytes)
    {
        var file = new ByteArrayContent(new byte[bytes]);
        file.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var route = channelId is { } id ? $"/api/v1/webchat/{id}/media" : "/api/v1/media";
        return api.SendAsync(HttpMethod.Post, route, new MultipartFormDataContent { { file, "file", filename } });
    }

    private async Task<int> ServedAsync(string url)
    {
        using var response = await node.Anonymous.GetAsync(new Uri(url), Ct);
        return (int)response.StatusCode;
    }

    private async Task<bool> InLedgerAsync(string id)
    {
        await using var cmd = node.Database.DataSource.CreateCommand("SELECT count(*) FROM media_uploads WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return (long)(await cmd.ExecuteScalarAsync(Ct))! == 1;
    }

    private async Task<long> UsageAsync(Guid tenantId)
    {
        await using var cmd = node.Database.DataSource.CreateCommand("SELECT coalesce(sum(bytes), 0)::bigint FROM media_usage WHERE tenant_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
