namespace Linktor.Storage.Analytics;

/// <summary>Conversations created in the window, and resolutions in it (a conversation resolved, reopened and resolved again counts twice).</summary>
public sealed record ConversationCounts
{
    public required long Opened { get; init; }

    public required long Resolved { get; init; }
}
