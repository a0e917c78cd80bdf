using Microsoft.Extensions.Options;

namespace Linktor.Adapters;

/// <summary>
/// The one policy for where a provider channel's requests go: its <c>api_base_url</c> must be its provider's
/// (<see cref="ChannelPolicyOptions.AllowCustomApiBaseUrl"/> aside), and attachments are fetched, with credentials,
/// only from the provider's media hosts (or, when custom base URLs are allowed, the channel's own base host).
/// Together with <see cref="OutboundAddresses"/> at connect time, nothing a tenant admin or a webhook names reaches
/// the network Linktor runs in.
/// </summary>
public sealed class ProviderDestinations(IOptions<ChannelPolicyOptions> options)
{
    public const string Setting = "Linktor:Channels:AllowCustomApiBaseUrl";

    public bool AllowCustomApiBaseUrl => options.Value.AllowCustomApiBaseUrl;

    /// <summary>The <c>config.api_base_url</c> error, or null when the channel's base URL (if any) is allowed.</summary>
    public IReadOnlyDictionary<string, string[]>? CheckApiBaseUrl(ProviderHosts hosts, ChannelSettings settings)
    {
        if (AllowCustomApiBaseUrl || settings.ConfigValue(ChannelConfigKeys.ApiBaseUrl) is not { } value)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && ProviderHosts.IsOn(url, hosts.Api))
        {
            return null;
        }

        var allowed = hosts.Api.Count == 0 ? "this channel type calls no provider API" : $"only https://{string.Join(" or https://", hosts.Api)}";
        return new Dictionary<string, string[]>
        {
            [$"config.{ChannelConfigKeys.ApiBaseUrl}"] = [$"Must be the provider's API ({allowed}); other base URLs need {Setting}."],
        };
    }

    /// <summary>Whether an attachment URL (from a webhook or the provider's answer) may be fetched with the channel's credentials.</summary>
    public bool IsMediaUrl(Uri url, ProviderHosts hosts, ChannelSettings settings) =>
        ProviderHosts.IsOn(url, hosts.Media) || (OwnBaseOrigin(settings) is { } own && Origin(url) == own);

    /// <summary>The origins (<c>scheme://host[:port]</c>) an attachment download may be redirected to, hop by hop.</summary>
    public IReadOnlyList<string> MediaOrigins(ProviderHosts hosts, ChannelSettings settings)
    {
        var origins = hosts.Media.Concat(hosts.MediaRedirects).Select(h => $"https://{h.ToLowerInvariant()}").ToList();
        if (OwnBaseOrigin(settings) is { } own)
        {
            origins.Add(own);
        }

        return origins;
    }

    /// <summary><c>scheme://host[:port]</c> in lower case, the port only when it is not the scheme's default.</summary>
    public static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    private string? OwnBaseOrigin(ChannelSettings settings) =>
        AllowCustomApiBaseUrl && settings.ConfigValue(ChannelConfigKeys.ApiBaseUrl) is { } value && Uri.TryCreate(value, UriKind.Absolute, out var url)
            ? Origin(url)
            : null;
}
