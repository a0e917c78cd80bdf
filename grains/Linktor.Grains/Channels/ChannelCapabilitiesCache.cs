using System.Collections.Concurrent;
using Linktor.Contracts.Channels;
using Linktor.Storage.Channels;

namespace Linktor.Grains.Channels;

/// <summary>
/// What each channel can carry now (its list row's sendable capabilities), read once per channel and silo every
/// <see cref="Ttl"/> rather than once per conversation: a conversation's first send after it activates needs it, and
/// a hundred thousand conversations of one channel must not cost a hundred thousand reads. A channel saved on this
/// silo is read again at once; elsewhere a change applies within <see cref="Ttl"/>.
/// </summary>
public sealed class ChannelCapabilitiesCache(ChannelQueries channels, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(Guid TenantId, Guid ChannelId), (ChannelCapabilities? Capabilities, DateTimeOffset ReadAt)> _entries = new();

    /// <summary>
    /// Null when the channel cannot take messages (deleted, disabled, unknown). <paramref name="fresh"/> reads the row
    /// whatever the cache holds: a refusal is rare, and must never rest on what the row said a while ago.
    /// </summary>
    public async Task<ChannelCapabilities?> GetAsync(Guid tenantId, Guid channelId, bool fresh = false)
    {
        var now = clock.GetUtcNow();
        if (!fresh && _entries.TryGetValue((tenantId, channelId), out var entry) && now - entry.ReadAt < Ttl)
        {
            return entry.Capabilities;
        }

        var capabilities = (await channels.GetAsync(tenantId, channelId))?.SendableCapabilities;
        _entries[(tenantId, channelId)] = (capabilities, now);
        return capabilities;
    }

    public void Invalidate(Guid tenantId, Guid channelId) => _entries.TryRemove((tenantId, channelId), out _);
}
