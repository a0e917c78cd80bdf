namespace Linktor.Contracts.Messages;

[GenerateSerializer, Immutable, Alias("Linktor.MediaInfo")]
public sealed record MediaInfo
{
    [Id(0)] public string? Url { get; init; }
    [Id(1)] public string? MimeType { get; init; }
    [Id(2)] public long? Size { get; init; }
    [Id(3)] public string? Filename { get; init; }
    [Id(4)] public string? Caption { get; init; }
}
