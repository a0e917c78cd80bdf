using System.Text.Json.Serialization;

namespace Linktor.Contracts.Channels;

/// <summary>A channel as API.md shows it. Credentials are write-only and never part of it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ChannelRecord")]
public sealed record ChannelRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required ChannelType Type { get; init; }
    [Id(3)] public required string Name { get; init; }
    [Id(4)] public required ChannelStatus Status { get; init; }
    [Id(5)] public required IReadOnlyDictionary<string, string> Config { get; init; }
    [Id(6)] public required ChannelCapabilities Capabilities { get; init; }

    /// <summary>Filled in by the API, which knows its public address.</summary>
    [Id(7)] public string? WebhookUrl { get; init; }
    [Id(8)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(9)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>For web-chat channels, the <c>&lt;script&gt;</c> tag to paste into a site (filled in by the API).</summary>
    [Id(10)] public string? WidgetSnippet { get; init; }

    /// <summary>What a message sent now may use: nothing while the channel is disabled.</summary>
    [JsonIgnore]
    public ChannelCapabilities? SendableCapabilities => Status == ChannelStatus.Disabled ? null : Capabilities;
}
