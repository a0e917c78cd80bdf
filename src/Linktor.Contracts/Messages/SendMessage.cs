using Linktor.Contracts.Common;

namespace Linktor.Contracts.Messages;

/// <summary>A message an agent, an API client or a bot writes into a conversation.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.SendMessage")]
public sealed record SendMessage : IKeyedRequest
{
    [Id(0)] public required MessageContent Content { get; init; }
    [Id(1)] public bool Private { get; init; }
    [Id(2)] public string? IdempotencyKey { get; init; }
    [Id(3)] public required Actor Sender { get; init; }
}
