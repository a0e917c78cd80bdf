using System.Globalization;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>A second node whose per-address limits are low enough to reach in a test (and which uses none at start-up).</summary>
public sealed class RateLimitedNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Api:LoginsPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["Linktor:Api:WebChatSessionsPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["Linktor:Api:WebChatUploadsPerMinute"] = Limit.ToString(CultureInfo.InvariantCulture),
    },
    realtime: false)
{
    public const int Limit = 3;
}
