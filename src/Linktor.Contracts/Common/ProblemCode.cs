namespace Linktor.Contracts.Common;

/// <summary>The stable machine codes of API.md; grains answer with them instead of throwing.</summary>
public enum ProblemCode
{
    ValidationFailed,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    PayloadTooLarge,
    UnsupportedContent,
    ChannelUnavailable,

    /// <summary>A free-form message outside the channel's reply window (WhatsApp's 24 h); only templates may go.</summary>
    ReplyWindowClosed,
    Internal,
}
