using System.Net;
using System.Threading.RateLimiting;
using Linktor.Api.Auth;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// The node's web-chat throttles (<see cref="WebChatLimitOptions"/>), framework token buckets partitioned by session, client
/// address and tenant. In memory, so per node: a visitor's WebSocket stays on one node, and each node of a cluster
/// allows its share. A message takes a token from its session's bucket, then its address's, then its tenant's; a refusal
/// at any of them stores nothing, and a session refused on its own bucket spends nothing of the others, so one noisy
/// visitor cannot use up the address's or the tenant's allowance for the rest.
/// </summary>
public sealed class WebChatLimits : IDisposable
{
    private readonly PartitionedRateLimiter<VisitorMessage> _messages;
    private readonly PartitionedRateLimiter<string> _typing;
    private readonly PartitionedRateLimiter<string> _resyncs;
    private readonly PartitionedRateLimiter<Guid> _sessions;
    private readonly IDisposable[] _parts;

    public WebChatLimits(IOptions<WebChatLimitOptions> options)
    {
        var o = options.Value;
        var perSession = PartitionedRateLimiter.Create<VisitorMessage, string>(m => Bucket(m.Visitor.VisitorId, o.MessagesPerSession));
        var perAddress = PartitionedRateLimiter.Create<VisitorMessage, string>(m => Bucket(m.Address?.ToString() ?? "unknown", o.MessagesPerIp));
        var perTenant = PartitionedRateLimiter.Create<VisitorMessage, Guid>(m => Bucket(m.Visitor.TenantId, o.MessagesPerTenant));
        _messages = PartitionedRateLimiter.CreateChained(perSession, perAddress, perTenant);
        _typing = PartitionedRateLimiter.Create<string, string>(visitorId => Bucket(visitorId, o.TypingPerSession));
        _resyncs = PartitionedRateLimiter.Create<string, string>(visitorId => Bucket(visitorId, o.ResyncsPerSession));
        _sessions = PartitionedRateLimiter.Create<Guid, Guid>(tenantId => Bucket(tenantId, o.SessionsPerTenant));
        _parts = [perSession, perAddress, perTenant];
    }

    /// <summary>A permit for one message of <paramref name="visitor"/> from <paramref name="address"/>; dispose it when done.</summary>
    public RateLimitLease AcquireMessage(Visitor visitor, IPAddress? address) => _messages.AttemptAcquire(new VisitorMessage(visitor, address));

    /// <summary>Whether a typing signal of this session may go out now.</summary>
    public bool AllowTyping(Visitor visitor)
    {
        using var lease = _typing.AttemptAcquire(visitor.VisitorId);
        return lease.IsAcquired;
    }

    /// <summary>A permit for one history read of this session.</summary>
    public RateLimitLease AcquireResync(Visitor visitor) => _resyncs.AttemptAcquire(visitor.VisitorId);

    /// <summary>A permit for a new visitor session of <paramref name="tenantId"/>.</summary>
    public RateLimitLease AcquireSession(Guid tenantId) => _sessions.AttemptAcquire(tenantId);

    /// <summary>Whole seconds until a refused <paramref name="lease"/> would be granted (at least 1).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    public void Dispose()
    {
        _messages.Dispose();
        foreach (var part in _parts)
        {
            part.Dispose();
        }

        _typing.Dispose();
        _resyncs.Dispose();
        _sessions.Dispose();
    }

    private static RateLimitPartition<TKey> Bucket<TKey>(TKey key, TokenBucketLimit limit) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => limit.ToOptions());

    private sealed record VisitorMessage(Visitor Visitor, IPAddress? Address);
}
