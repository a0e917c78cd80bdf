namespace Linktor.Contracts.Messages;

/// <summary>
/// Buttons and lists we send (<c>type</c> <c>buttons</c> or <c>list</c>), and the reply a contact
/// picked (<c>button_reply</c> or <c>list_reply</c>, with <see cref="Reply"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.InteractiveContent")]
public sealed record InteractiveContent
{
    [Id(0)] public required string Type { get; init; }
    [Id(1)] public string? Header { get; init; }
    [Id(2)] public string? Body { get; init; }
    [Id(3)] public string? Footer { get; init; }
    [Id(4)] public IReadOnlyList<InteractiveOption>? Buttons { get; init; }
    [Id(5)] public string? ListButton { get; init; }
    [Id(6)] public IReadOnlyList<InteractiveSection>? Sections { get; init; }
    [Id(7)] public InteractiveOption? Reply { get; init; }
}
