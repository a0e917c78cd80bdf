namespace Linktor.Contracts.Messages;

[GenerateSerializer, Immutable, Alias("Linktor.MediaInfo")]
public sealed record MediaInfo
{
    [Id(0)] public string? Url { get; init; }
    [Id(1)] public string? MimeType { get; init; }
    [Id(2)] public long? Size { get; init; }
    [Id(3)] public string? Filename { get; init; }
    [Id(4)] public string? Caption { get; init; }

    /// <summary>
    /// The provider's handle for an attachment it keeps (WhatsApp media id, Telegram file id, a Twilio
    /// media URL that needs the account's credentials): inbound media is fetched through it; on a send,
    /// an id already uploaded to the provider is used instead of <see cref="Url"/>.
    /// </summary>
    [Id(5)] public string? ProviderMediaId { get; init; }
}
