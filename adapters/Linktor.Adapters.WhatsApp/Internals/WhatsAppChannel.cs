namespace Linktor.Adapters.WhatsApp.Internals;

/// <summary>A channel's settings as the adapter uses them, defaults applied.</summary>
internal sealed record WhatsAppChannel(
    Uri BaseUrl,
    string ApiVersion,
    string PhoneNumberId,
    WhatsAppMediaUpload MediaUpload,
    string AccessToken)
{
    public static WhatsAppChannel From(ChannelSettings settings) => new(
        ChannelConfigKeys.BaseUrl(settings, WhatsAppConfigKeys.DefaultBaseUrl),
        settings.ConfigValue(WhatsAppConfigKeys.ApiVersion) ?? WhatsAppConfigKeys.DefaultApiVersion,
        settings.ConfigValue(WhatsAppConfigKeys.PhoneNumberId) ?? "",
        string.Equals(settings.ConfigValue(WhatsAppConfigKeys.MediaUpload), "upload", StringComparison.OrdinalIgnoreCase)
            ? WhatsAppMediaUpload.Upload
            : WhatsAppMediaUpload.Link,
        settings.Secret(WhatsAppCredentialKeys.AccessToken) ?? "");

    /// <summary>A Graph API URL: <c>{base}{version}/{path}</c>.</summary>
    public Uri Graph(string path) => new(BaseUrl, $"{ApiVersion}/{path}");

    /// <summary>A Graph API request with the channel's bearer token (set per request: media downloads from other hosts must not get it).</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Graph(path)) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AccessToken);
        return request;
    }
}
