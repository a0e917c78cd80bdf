namespace Linktor.Contracts.Channels;

/// <summary>
/// A provider's call to <c>/hooks/{channel_id}</c>, exactly as received: the raw body (signatures
/// are computed over its bytes), the URL the provider called (Twilio signs it), and the headers.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookRequest")]
public sealed record WebhookRequest
{
    [Id(0)] public required string Method { get; init; }

    /// <summary>The public URL the provider called, query string included.</summary>
    [Id(1)] public required string Url { get; init; }

    /// <summary>Header names in lower case; repeated headers joined with <c>,</c>.</summary>
    [Id(2)] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    [Id(3)] public byte[] Body { get; init; } = [];

    [Id(4)] public string? ContentType { get; init; }

    /// <summary>The query string's parameters (first value of each).</summary>
    [Id(5)] public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;
}
