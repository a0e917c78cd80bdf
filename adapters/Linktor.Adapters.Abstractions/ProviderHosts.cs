namespace Linktor.Adapters;

/// <summary>
/// The hosts a channel family talks to, declared by its adapter: its API (the only <c>config.api_base_url</c> hosts
/// accepted unless <see cref="ChannelPolicyOptions.AllowCustomApiBaseUrl"/>), where its attachments are downloaded
/// from (with the channel's credentials), and where those downloads may be redirected (without them). All HTTPS on
/// the default port.
/// </summary>
public sealed record ProviderHosts(IReadOnlySet<string> Api, IReadOnlySet<string> Media, IReadOnlySet<string> MediaRedirects)
{
    /// <summary>A channel family that calls no provider (web chat).</summary>
    public static ProviderHosts None { get; } = Of([], [], []);

    public static ProviderHosts Of(string[] api, string[] media, string[] mediaRedirects) => new(
        new HashSet<string>(api, StringComparer.OrdinalIgnoreCase),
        new HashSet<string>(media, StringComparer.OrdinalIgnoreCase),
        new HashSet<string>(mediaRedirects, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="url"/> is HTTPS on the default port to one of <paramref name="hosts"/>.</summary>
    public static bool IsOn(Uri url, IReadOnlySet<string> hosts) =>
        url.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort && hosts.Contains(url.IdnHost);
}
