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

    /// <summary>
    /// A destination the outbound policy refuses: a channel's <c>api_base_url</c> that is not its provider's, a base URL
    /// change without the credentials, an attachment URL off the provider's media hosts. Last, so earlier values keep theirs.
    /// </summary>
    DestinationNotAllowed,

    /// <summary>
    /// A well-formed address that cannot be written to first: it never wrote, and its channel starts no conversations
    /// (Telegram, web chat). The request is fine, its target is not: on the wire a 422 <c>validation_failed</c> naming
    /// the address field, as API.md knows it.
    /// </summary>
    CannotInitiate,
}
