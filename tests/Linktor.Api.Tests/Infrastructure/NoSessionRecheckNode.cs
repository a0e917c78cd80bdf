namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node whose periodic re-check of open connections' sessions does not come round during a test: a connection
/// that closes was closed by its session's ending, not by the fallback.
/// </summary>
public sealed class NoSessionRecheckNode() : LinktorNode(
    new Dictionary<string, string> { ["Linktor:Realtime:SessionRecheckInterval"] = "01:00:00" },
    realtime: true);
