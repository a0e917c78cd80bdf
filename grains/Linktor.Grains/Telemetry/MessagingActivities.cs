using System.Diagnostics;

namespace Linktor.Grains.Telemetry;

/// <summary>
/// The grains' own spans (source <c>Linktor.Messaging</c>): a queued message's provider call, parented on the
/// activity that queued it, so the send's trace continues from its HTTP request to the provider's (later, from the
/// channel's pump, which runs on a timer with no activity of its own).
/// </summary>
public static class MessagingActivities
{
    public const string SourceName = "Linktor.Messaging";

    public static readonly ActivitySource Source = new(SourceName);
}
