namespace Linktor.Adapters;

/// <summary>Config keys every provider channel understands, besides its own.</summary>
public static class ChannelConfigKeys
{
    /// <summary>The provider's API base URL (default: the real provider); tests point it at a fake.</summary>
    public const string ApiBaseUrl = "api_base_url";

    /// <summary>Sends per second the channel may make (token refill rate).</summary>
    public const string RatePerSecond = "rate_limit_per_second";

    /// <summary>How many sends may go at once after a quiet spell (bucket size).</summary>
    public const string RateBurst = "rate_limit_burst";

    /// <summary>Sends per second to one recipient (WhatsApp pair rate, Telegram per chat).</summary>
    public const string RecipientRatePerSecond = "recipient_rate_limit_per_second";

    public const string RecipientRateBurst = "recipient_rate_limit_burst";

    public static readonly IReadOnlySet<string> Common = new HashSet<string>(StringComparer.Ordinal)
    {
        ApiBaseUrl, RatePerSecond, RateBurst, RecipientRatePerSecond, RecipientRateBurst,
    };

    /// <summary>The API base URL: the channel's own, or <paramref name="defaultUrl"/>; always ending in '/'.</summary>
    public static Uri BaseUrl(ChannelSettings settings, string defaultUrl)
    {
        var url = settings.ConfigValue(ApiBaseUrl) ?? defaultUrl;
        return new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
    }

    /// <summary>
    /// Errors for keys the channel family does not know (besides <see cref="Common"/>) and for the common
    /// keys' values (a bad URL, a rate that is not a positive number); the adapter adds its own checks.
    /// </summary>
    public static Dictionary<string, string[]> Validate(
        ChannelSettings settings, string provider, IReadOnlySet<string> configKeys, IReadOnlySet<string> credentialKeys)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in settings.Config.Keys.Where(k => !configKeys.Contains(k) && !Common.Contains(k)))
        {
            errors[$"config.{key}"] = [$"Unknown {provider} setting; known: {string.Join(", ", configKeys.Concat(Common))}."];
        }

        foreach (var key in settings.Credentials.Keys.Where(k => !credentialKeys.Contains(k)))
        {
            errors[$"credentials.{key}"] = [$"Unknown {provider} credential; known: {string.Join(", ", credentialKeys)}."];
        }

        if (settings.ConfigValue(ApiBaseUrl) is { } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
        {
            errors[$"config.{ApiBaseUrl}"] = ["Must be an absolute http(s) URL."];
        }

        foreach (var key in new[] { RatePerSecond, RateBurst, RecipientRatePerSecond, RecipientRateBurst })
        {
            if (settings.ConfigValue(key) is { } value
                && !(double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
                     && number > 0 && double.IsFinite(number)))
            {
                errors[$"config.{key}"] = ["Must be a positive number."];
            }
        }

        return errors;
    }
}
