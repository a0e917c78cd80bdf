namespace Linktor.Api.Auth;

/// <summary>
/// API.md: the browser inbox keeps its refresh token in an <c>HttpOnly</c> cookie (out of reach of scripts), sent
/// only to <c>/api/v1/auth</c> and never cross-site; <c>refresh</c> accepts it where API clients send the body field.
/// </summary>
public static class RefreshCookie
{
    public const string Name = "linktor_refresh";
    public const string Path = "/api/v1/auth";

    /// <summary>As long as a session lasts; the server refuses it sooner if the session ended.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    public static void Set(HttpContext http, string refreshToken) =>
        http.Response.Cookies.Append(Name, refreshToken, Options(http, MaxAge));

    public static string? Read(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Name, out var token) && !string.IsNullOrWhiteSpace(token) ? token : null;

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(Name, Options(http, null));

    // Secure whenever the browser came over HTTPS (behind a known proxy too: UseForwardedHeaders sets the scheme).
    private static CookieOptions Options(HttpContext http, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
