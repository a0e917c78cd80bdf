namespace Linktor.Adapters.WhatsApp;

/// <summary>The <c>credentials</c> keys of a WhatsApp channel.</summary>
public static class WhatsAppCredentialKeys
{
    /// <summary>Required: a system-user access token, sent as <c>Authorization: Bearer</c>.</summary>
    public const string AccessToken = "access_token";

    /// <summary>Required: the Meta app secret that signs webhooks (<c>X-Hub-Signature-256</c>).</summary>
    public const string AppSecret = "app_secret";

    /// <summary>
    /// The token Meta echoes in the webhook subscription handshake (<c>hub.verify_token</c>). The user
    /// chooses it and enters it in Meta's console too: a generated one could never be read back.
    /// </summary>
    public const string VerifyToken = "verify_token";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        AccessToken, AppSecret, VerifyToken,
    };
}
