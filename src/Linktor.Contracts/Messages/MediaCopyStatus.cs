namespace Linktor.Contracts.Messages;

/// <summary>How a copy of a provider-held attachment ended (<see cref="MediaCopyResult"/>).</summary>
public enum MediaCopyStatus
{
    /// <summary>The media store holds the copy.</summary>
    Copied,

    /// <summary>Nothing to keep (<see cref="MediaCopyResult.Problem"/> says why).</summary>
    Refused,

    /// <summary>The provider could not be asked, or would not give the attachment (an answer of the gateway's: 502).</summary>
    ProviderUnavailable,
}
