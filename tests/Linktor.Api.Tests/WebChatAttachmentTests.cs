using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Microsoft.AspNetCore.SignalR;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Web-chat visitors' attachments: uploaded with the visitor token to their channel, then sent over the hub. Only a
/// file uploaded to the same tenant is accepted, and it is stored as the media store knows it, whatever the visitor
/// claimed about it.
/// </summary>
public sealed class WebChatAttachmentTests(LinktorNode node)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 8, 7, 6];

    [Fact]
    public async Task AVisitorSendsAFileTheyUploadedStoredAsItIs()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var session = await tenant.StartVisitorAsync(channel.Id);
        await using var visitor = await tenant.ConnectVisitorAsync(session);
        var media = (await UploadAsync(Visitor(session), channel.Id, Png, "image/png", "screenshot.png")).ShouldBe<UploadedMedia>(201);

        // The visitor misstates the type and size, and names another host: what is stored is what was uploaded, here.
        var sent = await visitor.InvokeAsync<Message>("SendMessage", new
        {
            type = "image",
            media = new { url = $"https://cdn.example.com/media/{media.Id}", mime_type = "text/html", size = 1, caption = "It breaks here" },
        });

        sent.Direction.ShouldBe("inbound");
        var stored = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{sent.Id}")).ShouldBe(200).Json.GetProperty("content").GetProperty("media");
        stored.GetProperty("url").GetString().ShouldBe(media.Url);
        stored.GetProperty("mime_type").GetString().ShouldBe("image/png");
        stored.GetProperty("size").GetInt64().ShouldBe(Png.Length);
        stored.GetProperty("filename").GetString().ShouldBe("screenshot.png");
        stored.GetProperty("caption").GetString().ShouldBe("It breaks here");
    }

    [Fact]
    public async Task AnAttachmentFromAnywhereElseIsRefusedAndStoresNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var session = await tenant.StartVisitorAsync(channel.Id);
        await using var visitor = await tenant.ConnectVisitorAsync(session);
        var othersFile = (await UploadAsync(other.AdminApi, null, Png, "image/png", "theirs.png")).ShouldBe<UploadedMedia>(201);

        foreach (var url in new[] { "https://tracker.example.com/pixel.png", othersFile.Url, $"{node.BaseAddress}media/AAAAAAAAAAAAAAAAAAAAAA" })
        {
            var refused = await Should.ThrowAsync<HubException>(() => visitor.InvokeAsync<Message>("SendMessage", new { type = "image", media = new { url } }));
            refused.Message.ShouldContain("content.media.url");
        }

        (await tenant.CountRowsAsync()).Messages.ShouldBe(0);
        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }

    [Fact]
    public async Task OnlyAVisitorOfTheChannelMayUploadToIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var otherChannel = await tenant.CreateWebChatChannelAsync("Second site");
        var session = await tenant.StartVisitorAsync(channel.Id);

        (await UploadAsync(Visitor(session), otherChannel.Id, Png, "image/png", "x.png")).ShouldBeProblem(404, "not_found");
        (await UploadAsync(tenant.AdminApi, channel.Id, Png, "image/png", "x.png")).Status.ShouldBe(401, "an agent's token is not a visitor's");
        (await UploadAsync(node.AnonymousApi, channel.Id, Png, "image/png", "x.png")).Status.ShouldBe(401);

        node.MediaFileCount(tenant.Id).ShouldBe(0);
    }

    private ApiClient Visitor(WebChatSession session) => new(node.CreateHttpClient(session.VisitorToken));

    /// <summary>To a web-chat channel's visitor route, or (no channel) to the agents' <c>/api/v1/media</c>.</summary>
    private static Task<ApiResponse> UploadAsync(ApiClient api, Guid? channelId, byte[] bytes, string contentType, string filename)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var route = channelId is { } id ? $"/api/v1/webchat/{id}/media" : "/api/v1/media";
        return api.SendAsync(HttpMethod.Post, route, new MultipartFormDataContent { { file, "file", filename } });
    }
}
