using Linktor.Contracts.Channels;

namespace Linktor.Grains.Telemetry;

/// <summary>A channel type's tag value as the API spells it (<c>telegram</c>, <c>webchat</c>), made once per type, not per message.</summary>
internal static class ChannelTypes
{
    private static readonly string[] Names = [.. Enum.GetValues<ChannelType>().Select(t => t.ToString().ToLowerInvariant())];

    public static string Name(ChannelType type) => (uint)type < (uint)Names.Length ? Names[(int)type] : type.ToString().ToLowerInvariant();
}
