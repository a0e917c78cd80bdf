namespace Linktor.Storage.Media;

/// <summary>A stored file opened for reading; dispose it to release the file or the connection.</summary>
public sealed class MediaContent(StoredMedia media, Stream stream) : IAsyncDisposable
{
    public StoredMedia Media { get; } = media;

    public Stream Stream { get; } = stream;

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
