using System.Globalization;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node that collects unreferenced uploads after <see cref="Retention"/> (looking every 200 ms) and allows each tenant
/// <see cref="QuotaBytes"/> of uploads, of which visitors' not yet sent may take <see cref="VisitorPendingQuotaBytes"/>. The retention is short for a test yet far above the time a test takes to send
/// the message that keeps an upload.
/// </summary>
public sealed class UploadJanitorNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Media:UnreferencedUploadRetention"] = Retention.ToString("c", CultureInfo.InvariantCulture),
        ["Linktor:Media:UploadJanitorInterval"] = "00:00:00.200",
        ["Linktor:Media:TenantQuotaBytes"] = QuotaBytes.ToString(CultureInfo.InvariantCulture),
        ["Linktor:Media:VisitorPendingQuotaBytes"] = VisitorPendingQuotaBytes.ToString(CultureInfo.InvariantCulture),
        ["Linktor:Media:MaxUploadBytes"] = VisitorPendingQuotaBytes.ToString(CultureInfo.InvariantCulture),
    },
    realtime: false)
{
    public const long QuotaBytes = 1000;

    public const long VisitorPendingQuotaBytes = 500;

    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(10);
}
