using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Linktor.Storage.Media;

/// <summary>
/// Attachments on the local disk: uploads at <c>{Path}/{id[..2]}/{id}</c>, inbound copies at
/// <c>{Path}/inbound/{tenant}/{message}</c>, each with a <c>.json</c> beside it for what the bytes are. A file
/// appears under its final name only once complete (write, then rename), so a reader never serves half a file.
/// Several processes may share the folder (the local cluster does).
/// </summary>
public sealed class FileSystemMediaStore(IOptions<MediaOptions> options, TimeProvider time) : IMediaStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Root => options.Value.Path;

    public Task<StoredMedia> SaveAsync(Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default) =>
        SaveAsync(MediaIds.New(), tenantId, content, contentType, filename, ct);

    public async Task<StoredMedia> SaveAsync(string id, Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default)
    {
        if (!MediaIds.IsWellFormed(id))
        {
            throw new ArgumentException("Not a media id.", nameof(id));
        }

        // Two characters of fan-out keep any one folder small at millions of files.
        return await WriteAsync(Path.Combine(Root, id[..2], id), new StoredMedia(id, tenantId, contentType, 0, filename, time.GetUtcNow()), content, ct)
            .ConfigureAwait(false);
    }

    public Task<MediaContent?> OpenAsync(string id, CancellationToken ct = default) =>
        MediaIds.IsWellFormed(id) ? ReadAsync(Path.Combine(Root, id[..2], id), ct) : Task.FromResult<MediaContent?>(null);

    public async Task<StoredMedia?> FindAsync(string id, CancellationToken ct = default) =>
        MediaIds.IsWellFormed(id) && Path.Combine(Root, id[..2], id) is var path && File.Exists(path)
            ? await ReadMetadataAsync(path, ct).ConfigureAwait(false)
            : null;

    public Task DeleteAsync(string id, CancellationToken ct = default)
    {
        if (MediaIds.IsWellFormed(id))
        {
            Delete(Path.Combine(Root, id[..2], id));
        }

        return Task.CompletedTask;
    }

    public Task DeleteInboundCopyAsync(Guid tenantId, Guid messageId, CancellationToken ct = default)
    {
        Delete(InboundPath(tenantId, messageId));
        return Task.CompletedTask;
    }

    private static void Delete(string path)
    {
        // A folder that was never made holds nothing to delete (File.Delete refuses a missing folder, not a missing file).
        if (Directory.Exists(Path.GetDirectoryName(path)))
        {
            // The file first: once its .json is gone too, FindAsync and OpenAsync know nothing of it.
            File.Delete(path);
            File.Delete($"{path}.json");
        }
    }

    public Task SaveInboundCopyAsync(Guid tenantId, Guid messageId, Stream content, string contentType, string? filename, CancellationToken ct = default) =>
        WriteAsync(InboundPath(tenantId, messageId), new StoredMedia(messageId.ToString("N"), tenantId, contentType, 0, filename, time.GetUtcNow()), content, ct);

    public Task<MediaContent?> OpenInboundCopyAsync(Guid tenantId, Guid messageId, CancellationToken ct = default) =>
        ReadAsync(InboundPath(tenantId, messageId), ct);

    private string InboundPath(Guid tenantId, Guid messageId) => Path.Combine(Root, "inbound", tenantId.ToString("N"), messageId.ToString("N"));

    private static async Task<StoredMedia> WriteAsync(string path, StoredMedia media, Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Both files are written aside and renamed into place (atomic on one file system): an inbound copy can be taken
        // twice at once (a silo on arrival, an agent's download that found none yet), and a reader in between must find
        // the old or the new file whole, never one truncated for rewriting.
        var unique = Guid.NewGuid().ToString("N");
        var partial = $"{path}.{unique}.partial";
        var partialMetadata = $"{path}.json.{unique}.partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct).ConfigureAwait(false);
                media = media with { Size = file.Length };
            }

            await File.WriteAllBytesAsync(partialMetadata, JsonSerializer.SerializeToUtf8Bytes(media, Json), ct).ConfigureAwait(false);
            File.Move(partialMetadata, $"{path}.json", overwrite: true);
            File.Move(partial, path, overwrite: true);
            return media;
        }
        finally
        {
            File.Delete(partial);
            File.Delete(partialMetadata);
        }
    }

    private static async Task<MediaContent?> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var media = await ReadMetadataAsync(path, ct).ConfigureAwait(false);
        return new MediaContent(media, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    private static async Task<StoredMedia> ReadMetadataAsync(string path, CancellationToken ct) =>
        JsonSerializer.Deserialize<StoredMedia>(await File.ReadAllBytesAsync($"{path}.json", ct).ConfigureAwait(false), Json)!;
}
