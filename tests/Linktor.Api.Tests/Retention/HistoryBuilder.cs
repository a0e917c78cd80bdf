using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;

namespace Linktor.Api.Tests.Retention;

/// <summary>The history the retention and erasure tests hold: a visitor's message, then the admin's image (an upload).</summary>
internal static class HistoryBuilder
{
    // The 8-byte PNG signature and an IHDR chunk's start: enough for a file a browser would call an image.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    /// <summary>A conversation with a new web-chat visitor who wrote <paramref name="text"/>, and the admin's image reply.</summary>
    public static async Task<(Conversation Conversation, WebChatSession Visitor, UploadedMedia Upload)> VisitorAndImageAsync(
        TestTenant tenant, string text, string? visitorName = null)
    {
        var (conversation, session) = await tenant.StartConversationAsync(visitorName);
        await using (var visitor = await tenant.ConnectVisitorAsync(session))
        {
            await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text });
        }

        var file = new ByteArrayContent(Png);
        file.Headers.TryAddWithoutValidation("Content-Type", "image/png");
        var upload = (await tenant.AdminApi.SendAsync(HttpMethod.Post, "/api/v1/media", new MultipartFormDataContent { { file, "file", "photo.png" } }))
            .ShouldBe<UploadedMedia>(201);
        (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages",
            new { content = new { type = "image", media = new { url = upload.Url, mime_type = "image/png" } } })).ShouldBe(202);
        return (conversation, session, upload);
    }
}
