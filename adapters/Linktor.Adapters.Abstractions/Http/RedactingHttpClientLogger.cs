using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace Linktor.Adapters;

/// <summary>
/// Replaces <c>IHttpClientFactory</c>'s default request logging (which writes the full request URI, Telegram's bot
/// token included, at Information) for the provider, media and webhook clients: the same start/stop/failure lines at
/// Debug, with the URL redacted by <see cref="UrlRedaction"/> (or only its host, for webhook receivers).
/// </summary>
public sealed partial class RedactingHttpClientLogger(ILogger logger, bool hostOnly) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request)
    {
        LogStart(logger, request.Method, new LoggedUrl(request.RequestUri, hostOnly));
        return null;
    }

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        LogStop(logger, request.Method, new LoggedUrl(request.RequestUri, hostOnly), response.StatusCode, elapsed);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        LogFailed(logger, request.Method, new LoggedUrl(request.RequestUri, hostOnly), elapsed, new LoggedError(exception));

    // Log event ids 110xx: outbound HTTP (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 11001, Level = LogLevel.Debug, Message = "Sending HTTP request {Method} {Url}")]
    private static partial void LogStart(ILogger logger, HttpMethod method, LoggedUrl url);

    [LoggerMessage(EventId = 11002, Level = LogLevel.Debug, Message = "HTTP request {Method} {Url} answered {Status} after {Elapsed}")]
    private static partial void LogStop(ILogger logger, HttpMethod method, LoggedUrl url, System.Net.HttpStatusCode status, TimeSpan elapsed);

    [LoggerMessage(EventId = 11003, Level = LogLevel.Debug, Message = "HTTP request {Method} {Url} failed after {Elapsed}: {Error}")]
    private static partial void LogFailed(ILogger logger, HttpMethod method, LoggedUrl url, TimeSpan elapsed, LoggedError error);

    /// <summary>A request URL, redacted when the line is written (not before: most of these lines are never written).</summary>
    private readonly record struct LoggedUrl(Uri? Url, bool HostOnly)
    {
        public override string ToString() => HostOnly ? UrlRedaction.HostOnly(Url) : UrlRedaction.ForLog(Url);
    }

    /// <summary>The failure's type and message only: a handler's exception text names the host and port, never the path or query.</summary>
    private readonly record struct LoggedError(Exception Exception)
    {
        public override string ToString() => $"{Exception.GetType().Name}: {Exception.Message}";
    }
}
