namespace Linktor.Grains.Media;

/// <summary>A provider's answer for an attachment, its headers read and its body still to stream (capped); dispose it when done.</summary>
public sealed class ProviderMediaResponse(HttpResponseMessage response, string contentType, string? filename, long maxBytes) : IDisposable
{
    public string ContentType { get; } = contentType;

    public string? Filename { get; } = filename;

    /// <summary>The body; reading past <c>Linktor:Media:MaxProviderDownloadBytes</c> throws <see cref="ProviderMediaTooLargeException"/>.</summary>
    public async Task<Stream> OpenAsync(CancellationToken ct) => new SizeCappedStream(await response.Content.ReadAsStreamAsync(ct), maxBytes);

    public void Dispose() => response.Dispose();
}
