namespace Linktor.Contracts.Messages;

/// <summary>The canonical content of a message, whatever the channel (API.md, "Message").</summary>
[GenerateSerializer, Immutable, Alias("Linktor.MessageContent")]
public sealed record MessageContent
{
    [Id(0)] public required string Type { get; init; }
    [Id(1)] public string? Text { get; init; }
    [Id(2)] public MediaInfo? Media { get; init; }
    [Id(3)] public LocationInfo? Location { get; init; }
    [Id(4)] public IReadOnlyList<ContactCard>? Contacts { get; init; }
    [Id(5)] public InteractiveContent? Interactive { get; init; }
    [Id(6)] public TemplateContent? Template { get; init; }
    [Id(7)] public Guid? ReplyToMessageId { get; init; }
    [Id(8)] public ReactionContent? Reaction { get; init; }

    public static MessageContent FromText(string text) => new() { Type = ContentTypes.Text, Text = text };
}
