namespace Linktor.Contracts.Conversations;

/// <summary>The contact as a conversation shows it (API.md <c>conversation.contact</c>).</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ContactSummary")]
public sealed record ContactSummary
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public string? Name { get; init; }
    [Id(2)] public string? Email { get; init; }
    [Id(3)] public string? Phone { get; init; }
}
