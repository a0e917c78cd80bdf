namespace Linktor.Contracts.Channels;

/// <summary>
/// Where to fetch an inbound attachment from its provider, with the authorization the provider
/// wants (WhatsApp's bearer token, Twilio's basic auth). Resolved on demand, since provider media
/// URLs are short-lived; the API node streams the bytes so they never pass through a grain.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.MediaDownload")]
public sealed record MediaDownload
{
    [Id(0)] public required string Url { get; init; }

    [Id(1)] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    [Id(2)] public string? MimeType { get; init; }

    [Id(3)] public string? Filename { get; init; }

    /// <summary>
    /// The origins (<c>scheme://host[:port]</c>) the download may be redirected to, each hop checked; the
    /// <see cref="Headers"/> go to <see cref="Url"/> only. Filled in by the channel grain from the adapter's media hosts.
    /// </summary>
    [Id(4)] public IReadOnlyList<string> RedirectOrigins { get; init; } = [];
}
