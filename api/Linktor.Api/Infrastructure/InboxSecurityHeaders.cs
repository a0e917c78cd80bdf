namespace Linktor.Api.Infrastructure;

/// <summary>
/// The inbox app runs with an agent's token, so what it shows (contacts' names, messages, files, links) must not be
/// able to run as it: scripts only from this origin, no plugins, no framing by other sites, no base or form
/// redirection. Styles may be inline (the component library injects its CSS variables); images and media may come
/// from anywhere (a message's attachment is often on a provider's or a customer's host) as they cannot run.
/// The API's own routes are left alone: their answers are JSON, problems, or media with a sandbox of their own.
/// </summary>
public static class InboxSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; media-src * data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseInboxSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!InboxRouteConstraint.IsReserved(context.Request.Path.Value ?? string.Empty))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
            }

            return next(context);
        });
}
