using System.ComponentModel.DataAnnotations;

namespace Linktor.Api.Infrastructure;

/// <summary><c>Linktor:Api</c>: limits and the public address of this API.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Api";

    /// <summary>The most text one message may carry, in UTF-8 bytes; more is answered 413.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTextBytes { get; set; } = 64 * 1024;

    /// <summary>The largest request body accepted (CSV imports have their own limit).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxImportBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The address providers and browsers reach this API at, for <c>webhook_url</c> and the widget; the request's own host when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Web-chat session creations per client IP per minute.</summary>
    [Range(1, int.MaxValue)]
    public int WebChatSessionsPerMinute { get; set; } = 20;

    /// <summary>Web-chat visitors' uploads per client IP per minute.</summary>
    [Range(1, int.MaxValue)]
    public int WebChatUploadsPerMinute { get; set; } = 30;

    /// <summary>Login attempts per client IP per minute.</summary>
    [Range(1, int.MaxValue)]
    public int LoginsPerMinute { get; set; } = 20;

    /// <summary>Token refreshes per client IP per minute (a limit of its own: failed logins never block refreshes).</summary>
    [Range(1, int.MaxValue)]
    public int RefreshesPerMinute { get; set; } = 60;

    /// <summary>Authenticated requests (agents and API keys) per tenant per minute, on each API node.</summary>
    [Range(1, int.MaxValue)]
    public int TenantRequestsPerMinute { get; set; } = 120_000;

    /// <summary>Which proxies' <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed (the client address the limits use).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>The proxies' lists must parse (the forwarded-headers middleware is configured from them).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ForwardedHeaders.Invalid() is { } problem ? [new ValidationResult(problem, [nameof(ForwardedHeaders)])] : [];
}
