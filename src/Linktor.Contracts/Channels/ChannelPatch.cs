namespace Linktor.Contracts.Channels;

/// <summary>A partial update; config and credential keys given replace the stored ones, others stay.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ChannelPatch")]
public sealed record ChannelPatch
{
    [Id(0)] public string? Name { get; init; }
    [Id(1)] public ChannelStatus? Status { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string>? Config { get; init; }
    [Id(3)] public IReadOnlyDictionary<string, string>? Credentials { get; init; }

    /// <summary>This server's public base URL (see <see cref="ChannelDraft.PublicBaseUrl"/>).</summary>
    [Id(4)] public string? PublicBaseUrl { get; init; }
}
