namespace Linktor.Adapters.WhatsApp;

/// <summary>How outbound media given by URL reach WhatsApp (config <see cref="WhatsAppConfigKeys.MediaUpload"/>).</summary>
public enum WhatsAppMediaUpload
{
    /// <summary>Send the URL as <c>link</c>; WhatsApp downloads it (the URL must be public).</summary>
    Link,

    /// <summary>Download the URL here, upload it to <c>/{phone_number_id}/media</c>, and send by media id.</summary>
    Upload,
}
