namespace Linktor.Adapters;

/// <summary><c>Linktor:Channels</c>: what a tenant admin may configure on a provider channel.</summary>
public sealed class ChannelPolicyOptions
{
    public const string SectionName = "Linktor:Channels";

    /// <summary>
    /// Accept a <c>config.api_base_url</c> other than the provider's own (a regional endpoint, a test double). Off by
    /// default: the node sends the channel's credentials to that URL and fetches media from it, so a tenant admin must
    /// not be able to point it anywhere else.
    /// </summary>
    public bool AllowCustomApiBaseUrl { get; set; }
}
