namespace Linktor.Storage.Tests;

/// <summary>A grain state for the provider test.</summary>
public sealed class TestConversationState
{
    public string Subject { get; set; } = string.Empty;

    public int Messages { get; set; }
}
