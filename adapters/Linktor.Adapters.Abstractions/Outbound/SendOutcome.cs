namespace Linktor.Adapters;

public enum SendOutcome
{
    /// <summary>The provider accepted the message (its id is in the result).</summary>
    Sent,

    /// <summary>The provider did not take the message and may take it later (throttled, down, unreachable).</summary>
    Retryable,

    /// <summary>The provider refused the message for good (bad recipient, blocked, not allowed).</summary>
    Permanent,

    /// <summary>
    /// The request reached the provider (or may have), but no answer came back (a timeout, a connection lost
    /// mid-answer): the provider may have the message. Sending it again risks a duplicate.
    /// </summary>
    Unknown,
}
