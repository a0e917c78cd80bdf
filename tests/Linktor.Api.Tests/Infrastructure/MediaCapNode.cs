namespace Linktor.Api.Tests.Infrastructure;

/// <summary>A node whose provider downloads stop at <see cref="MaxProviderDownloadBytes"/> (production: 100 MiB), fakes allowed.</summary>
public sealed class MediaCapNode() : LinktorNode(
    new Dictionary<string, string> { ["Linktor:Media:MaxProviderDownloadBytes"] = MaxProviderDownloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    realtime: false)
{
    public const long MaxProviderDownloadBytes = 256 * 1024;
}
