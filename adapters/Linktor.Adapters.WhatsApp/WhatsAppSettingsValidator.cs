using System.Text.RegularExpressions;

namespace Linktor.Adapters.WhatsApp;

/// <summary>Checks a WhatsApp channel's config and credentials (errors keyed <c>config.x</c> / <c>credentials.x</c>).</summary>
public static partial class WhatsAppSettingsValidator
{
    public static IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings)
    {
        var errors = ChannelConfigKeys.Validate(settings, "WhatsApp", WhatsAppConfigKeys.All, WhatsAppCredentialKeys.All);

        switch (settings.ConfigValue(WhatsAppConfigKeys.PhoneNumberId))
        {
            case null:
                errors[$"config.{WhatsAppConfigKeys.PhoneNumberId}"] = ["Required: the phone number id from the WhatsApp Manager (API Setup)."];
                break;
            case var id when !IsGraphId(id):
                errors[$"config.{WhatsAppConfigKeys.PhoneNumberId}"] = ["Must be the numeric Graph id of the phone number (digits), as the WhatsApp Manager shows it."];
                break;
        }

        if (settings.ConfigValue(WhatsAppConfigKeys.BusinessAccountId) is { } waba && !IsGraphId(waba))
        {
            errors[$"config.{WhatsAppConfigKeys.BusinessAccountId}"] = ["Must be the numeric WhatsApp Business Account id."];
        }

        if (settings.ConfigValue(WhatsAppConfigKeys.ApiVersion) is { } version && !ApiVersionPattern().IsMatch(version))
        {
            errors[$"config.{WhatsAppConfigKeys.ApiVersion}"] = [$"Must look like '{WhatsAppConfigKeys.DefaultApiVersion}'."];
        }

        if (settings.ConfigValue(WhatsAppConfigKeys.MediaUpload) is { } upload && upload is not ("link" or "upload"))
        {
            errors[$"config.{WhatsAppConfigKeys.MediaUpload}"] = ["Must be 'link' (default) or 'upload'."];
        }

        Require(settings, errors, WhatsAppCredentialKeys.AccessToken, "Required: a system-user access token with whatsapp_business_messaging.");
        Require(settings, errors, WhatsAppCredentialKeys.AppSecret, "Required: the Meta app secret, to check webhook signatures.");
        Require(settings, errors, WhatsAppCredentialKeys.VerifyToken, "Required: the token you also enter in Meta's webhook settings (credentials are never shown back, so choose it yourself).");
        return errors;
    }

    private static void Require(ChannelSettings settings, Dictionary<string, string[]> errors, string key, string problem)
    {
        if (settings.Secret(key) is not { } value)
        {
            errors[$"credentials.{key}"] = [problem];
        }
        else if (value.Any(char.IsWhiteSpace))
        {
            errors[$"credentials.{key}"] = ["Must not contain spaces or line breaks."];
        }
    }

    private static bool IsGraphId(string value) => value.Length is > 0 and <= 32 && value.All(char.IsAsciiDigit);

    [GeneratedRegex(@"^v\d{1,3}\.\d{1,2}$")]
    private static partial Regex ApiVersionPattern();
}
