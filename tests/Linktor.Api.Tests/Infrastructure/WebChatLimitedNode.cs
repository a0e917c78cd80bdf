using System.Globalization;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node whose web-chat throttles are low enough to reach in a test and refill only once a minute, so what a test may
/// see stored is its burst plus one token per started minute (<see cref="Allowed"/>). The per-address bucket stays
/// high: every test comes from 127.0.0.1.
/// </summary>
public sealed class WebChatLimitedNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:WebChat:MessagesPerSession:PerMinute"] = "1",
        ["Linktor:WebChat:MessagesPerSession:Burst"] = SessionBurst.ToString(CultureInfo.InvariantCulture),
        ["Linktor:WebChat:MessagesPerTenant:PerMinute"] = "1",
        ["Linktor:WebChat:MessagesPerTenant:Burst"] = TenantBurst.ToString(CultureInfo.InvariantCulture),
        ["Linktor:WebChat:TypingPerSession:PerMinute"] = "1",
        ["Linktor:WebChat:TypingPerSession:Burst"] = TypingBurst.ToString(CultureInfo.InvariantCulture),
        ["Linktor:WebChat:ResyncsPerSession:PerMinute"] = "1",
        ["Linktor:WebChat:ResyncsPerSession:Burst"] = ResyncBurst.ToString(CultureInfo.InvariantCulture),
        ["Linktor:WebChat:SessionsPerTenant:PerMinute"] = "1",
        ["Linktor:WebChat:SessionsPerTenant:Burst"] = SessionsBurst.ToString(CultureInfo.InvariantCulture),
    },
    realtime: false)
{
    public const int SessionBurst = 5;
    public const int TenantBurst = 12;
    public const int SessionsBurst = 4;
    public const int TypingBurst = 3;
    public const int ResyncBurst = 3;

    /// <summary>The most a bucket of <paramref name="burst"/> refilled at one a minute can grant within <paramref name="elapsed"/>.</summary>
    public static int Allowed(int burst, TimeSpan elapsed) => burst + (int)Math.Ceiling(elapsed.TotalMinutes);
}
