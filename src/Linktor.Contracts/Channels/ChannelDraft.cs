namespace Linktor.Contracts.Channels;

[GenerateSerializer, Immutable, Alias("Linktor.ChannelDraft")]
public sealed record ChannelDraft
{
    [Id(0)] public required ChannelType Type { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();
    [Id(3)] public IReadOnlyDictionary<string, string> Credentials { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// This server's public base URL; the channel's webhook is <c>{base}/hooks/{id}</c>, registered with
    /// providers whose webhook is set by API (Telegram) and given as Twilio's status callback.
    /// </summary>
    [Id(4)] public string? PublicBaseUrl { get; init; }
}
