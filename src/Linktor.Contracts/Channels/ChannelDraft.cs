namespace Linktor.Contracts.Channels;

[GenerateSerializer, Immutable, Alias("Linktor.ChannelDraft")]
public sealed record ChannelDraft
{
    [Id(0)] public required ChannelType Type { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();
    [Id(3)] public IReadOnlyDictionary<string, string> Credentials { get; init; } = new Dictionary<string, string>();

    /// <summary>The channel's public <c>/hooks/{id}</c> URL, for providers whose webhook is set by API (Telegram).</summary>
    [Id(4)] public string? WebhookUrl { get; init; }
}
