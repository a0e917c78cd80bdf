namespace Linktor.Contracts.Channels;

/// <summary>What <c>POST /channels/{id}/test</c> found at the provider.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ChannelTestResult")]
public sealed record ChannelTestResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyDictionary<string, string>? Identity = null);
