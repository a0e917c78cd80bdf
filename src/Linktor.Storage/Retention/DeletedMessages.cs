namespace Linktor.Storage.Retention;

/// <summary>What one batch of message deletions removed: how many, and from which conversations (whose grains reload their log).</summary>
public sealed record DeletedMessages(int Count, IReadOnlyList<Guid> Conversations)
{
    public static readonly DeletedMessages None = new(0, []);
}
