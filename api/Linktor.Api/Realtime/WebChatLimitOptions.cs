using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// <c>Linktor:WebChat</c>: how much anonymous web-chat traffic one node accepts. Visitors need no account, so every limit
/// here is what stands between a script and the tenant's inbox, contacts and database. Each is a token bucket: up to
/// <see cref="TokenBucketLimit.Burst"/> at once, refilled at <see cref="TokenBucketLimit.PerMinute"/>. The defaults sit far above a
/// person typing (the widget sends at most one typing signal every 3 s, and a session only when a visitor first writes).
/// Per node: several API nodes each allow this much (a visitor's connection stays on one node).
/// </summary>
public sealed class WebChatLimitOptions
{
    public const string SectionName = "Linktor:WebChat";

    /// <summary>Messages one visitor session may send (all its tabs together).</summary>
    [ValidateObjectMembers]
    public TokenBucketLimit MessagesPerSession { get; set; } = new() { PerMinute = 30, Burst = 10 };

    /// <summary>Messages from one client address, whichever sessions send them (an office behind one NAT has several visitors).</summary>
    [ValidateObjectMembers]
    public TokenBucketLimit MessagesPerIp { get; set; } = new() { PerMinute = 300, Burst = 100 };

    /// <summary>Visitors' messages to one tenant, from everyone: a flood of sessions cannot take the database from other tenants.</summary>
    [ValidateObjectMembers]
    public TokenBucketLimit MessagesPerTenant { get; set; } = new() { PerMinute = 3000, Burst = 600 };

    /// <summary>Typing signals of one session; the excess is dropped, not answered.</summary>
    [ValidateObjectMembers]
    public TokenBucketLimit TypingPerSession { get; set; } = new() { PerMinute = 30, Burst = 5 };

    /// <summary>History reads (<c>Resync</c>, up to 500 messages each) of one session: the widget reads on load and after a reconnect.</summary>
    [ValidateObjectMembers]
    public TokenBucketLimit ResyncsPerSession { get; set; } = new() { PerMinute = 30, Burst = 10 };

    /// <summary>
    /// New visitor sessions of one tenant (each makes a contact), on top of <c>Linktor:Api:WebChatSessionsPerMinute</c>
    /// per client address: many addresses together cannot fill a tenant's contacts either.
    /// </summary>
    [ValidateObjectMembers]
    public TokenBucketLimit SessionsPerTenant { get; set; } = new() { PerMinute = 300, Burst = 60 };
}
