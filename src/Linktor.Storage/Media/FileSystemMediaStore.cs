using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Linktor.Storage.Media;

/// <summary>
/// Attachments on the local disk: <c>{Path}/{id[..2]}/{id}</c> with a <c>.json</c> beside it for what
/// the bytes are. A file appears under its final name only once complete (write, then rename), so a
/// reader never serves half an upload. Several processes may share the folder (the local cluster does).
/// </summary>
public sealed class FileSystemMediaStore(IOptions<MediaOptions> options, TimeProvider time) : IMediaStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<StoredMedia> SaveAsync(Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default)
    {
        var id = MediaIds.New();
        var path = PathOf(id);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            long size;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct).ConfigureAwait(false);
                size = file.Length;
            }

            var media = new StoredMedia(id, tenantId, contentType, size, filename, time.GetUtcNow());
            await File.WriteAllBytesAsync($"{path}.json", JsonSerializer.SerializeToUtf8Bytes(media, Json), ct).ConfigureAwait(false);
            File.Move(partial, path);
            return media;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public async Task<MediaContent?> OpenAsync(string id, CancellationToken ct = default)
    {
        if (!MediaIds.IsWellFormed(id))
        {
            return null;
        }

        var path = PathOf(id);
        if (!File.Exists(path))
        {
            return null;
        }

        var media = JsonSerializer.Deserialize<StoredMedia>(await File.ReadAllBytesAsync($"{path}.json", ct).ConfigureAwait(false), Json)!;
        return new MediaContent(media, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    // Two characters of fan-out keep any one folder small at millions of files.
    private string PathOf(string id) => System.IO.Path.Combine(options.Value.Path, id[..2], id);
}
