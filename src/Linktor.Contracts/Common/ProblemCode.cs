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
    Internal,
}
