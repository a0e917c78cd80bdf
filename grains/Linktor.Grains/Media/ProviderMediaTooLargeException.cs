namespace Linktor.Grains.Media;

/// <summary>A provider's attachment is larger than <c>Linktor:Media:MaxProviderDownloadBytes</c>: the download stopped there.</summary>
public sealed class ProviderMediaTooLargeException(long limit)
    : IOException($"The attachment is larger than {limit} bytes (Linktor:Media:MaxProviderDownloadBytes); the download was stopped.")
{
    public long Limit { get; } = limit;
}
