namespace Linktor.Api.Infrastructure;

/// <summary><c>Linktor:Api</c>: limits and the public address of this API.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Linktor:Api";

    /// <summary>The most text one message may carry, in UTF-8 bytes; more is answered 413.</summary>
    public int MaxTextBytes { get; set; } = 64 * 1024;

    /// <summary>The largest request body accepted (CSV imports have their own limit).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    public long MaxImportBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The address providers and browsers reach this API at, for <c>webhook_url</c> and the widget; the request's own host when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Web-chat session creations per client IP per minute.</summary>
    public int WebChatSessionsPerMinute { get; set; } = 20;

    /// <summary>Web-chat visitors' uploads per client IP per minute.</summary>
    public int WebChatUploadsPerMinute { get; set; } = 30;

    /// <summary>Login attempts per client IP per minute.</summary>
    public int LoginsPerMinute { get; set; } = 20;

    /// <summary>Token refreshes per client IP per minute (a limit of its own: failed logins never block refreshes).</summary>
    public int RefreshesPerMinute { get; set; } = 60;

    /// <summary>Authenticated requests (agents and API keys) per tenant per minute, on each API node.</summary>
    public int TenantRequestsPerMinute { get; set; } = 120_000;

    /// <summary>Which proxies' <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed (the client address the limits use).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}
