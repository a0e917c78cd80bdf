using Linktor.Contracts.Channels;
using Linktor.Grains.Events;

namespace Linktor.Grains.Channels;

[GenerateSerializer, Alias("Linktor.Grains.ChannelState")]
public sealed class ChannelState : IAnnouncedState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public bool Deleted { get; set; }
    [Id(2)] public ChannelType Type { get; set; }
    [Id(3)] public string Name { get; set; } = string.Empty;
    [Id(4)] public ChannelStatus Status { get; set; }
    [Id(5)] public Dictionary<string, string> Config { get; set; } = [];

    /// <summary>Credentials encrypted with Data Protection; never stored or returned in clear.</summary>
    [Id(6)] public string? ProtectedCredentials { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The public <c>/hooks/{id}</c> URL last registered with the provider (or given for status callbacks).</summary>
    [Id(9)] public string? WebhookUrl { get; set; }

    /// <summary>Bumped by every save; the list row records the version it was written from.</summary>
    [Id(10)] public long Version { get; set; }

    /// <summary>Events of saved changes whose list row may not have been written yet (see <see cref="UnannouncedEvent"/>).</summary>
    [Id(11)] public List<UnannouncedEvent> Unannounced { get; set; } = [];
}
