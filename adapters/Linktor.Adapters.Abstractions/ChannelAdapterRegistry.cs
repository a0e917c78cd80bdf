using Linktor.Contracts.Channels;

namespace Linktor.Adapters;

/// <summary>The adapters this node has, by channel type.</summary>
public sealed class ChannelAdapterRegistry(IEnumerable<IChannelAdapter> adapters)
{
    private readonly Dictionary<ChannelType, IChannelAdapter> _byType = adapters.ToDictionary(a => a.Type);

    public bool TryGet(ChannelType type, out IChannelAdapter adapter) => _byType.TryGetValue(type, out adapter!);

    public IReadOnlyCollection<ChannelType> Types => _byType.Keys;
}
