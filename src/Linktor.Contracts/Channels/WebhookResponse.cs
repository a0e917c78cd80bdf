namespace Linktor.Contracts.Channels;

/// <summary>What <c>/hooks/{channel_id}</c> answers the provider.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.WebhookResponse")]
public sealed record WebhookResponse
{
    [Id(0)] public required int StatusCode { get; init; }

    /// <summary>A handshake's answer (Meta's <c>hub.challenge</c>), sent as is.</summary>
    [Id(1)] public string? Body { get; init; }

    [Id(2)] public string? ContentType { get; init; }

    /// <summary>Why the request was refused (for the problem document and the log), when it was.</summary>
    [Id(3)] public string? Error { get; init; }

    /// <summary>How many events were stored (messages, statuses, edits).</summary>
    [Id(4)] public int Stored { get; init; }
}
