namespace Linktor.Adapters;

/// <summary>A channel's identity, config and decrypted credentials, as its adapter needs them.</summary>
public sealed record ChannelSettings(
    Guid TenantId,
    Guid ChannelId,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyDictionary<string, string> Credentials)
{
    /// <summary>The channel's public <c>/hooks/{id}</c> URL, when known (Twilio's per-message <c>StatusCallback</c>).</summary>
    public Uri? WebhookUrl { get; init; }

    public string? ConfigValue(string key) => Config.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public string? Secret(string key) => Credentials.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;
}
