namespace Linktor.Grains.Media;

/// <summary>A provider's answer for an attachment, its headers read and its body still to stream; dispose it when done.</summary>
public sealed class ProviderMediaResponse(HttpResponseMessage response, string contentType, string? filename) : IDisposable
{
    public string ContentType { get; } = contentType;

    public string? Filename { get; } = filename;

    public Task<Stream> OpenAsync(CancellationToken ct) => response.Content.ReadAsStreamAsync(ct);

    public void Dispose() => response.Dispose();
}
