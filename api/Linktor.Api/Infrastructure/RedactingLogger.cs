using System.Text.RegularExpressions;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// A logger that never writes the query string of a <c>/hubs</c> request (its <c>access_token</c> and SignalR's connection
/// token <c>id</c>), nor an <c>access_token=</c> parameter of any other URL, into the message or the structured values.
/// </summary>
public sealed partial class RedactingLogger(ILogger inner) : ILogger
{
    public const string Redacted = "[redacted]";

    private const string HubsPath = "/hubs";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || Secrets(values) is not { } query)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = Redact(formatter(state, exception), query);
        var redacted = values.Select(kv => kv.Value is string text ? new KeyValuePair<string, object?>(kv.Key, Redact(text, query)) : kv).ToArray();
        inner.Log(logLevel, eventId, new RedactedLogState(redacted, message), exception, static (s, _) => s.Message);
    }

    /// <summary>
    /// Null when nothing needs redacting; else the hub request's query string (the host's request lines carry it as
    /// <c>QueryString</c> beside <c>Path</c>), or "" when only an <c>access_token=</c> appears.
    /// </summary>
    private static string? Secrets(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        string? path = null;
        string? query = null;
        var token = false;
        for (var i = 0; i < values.Count; i++)
        {
            var (key, value) = values[i];
            if (value is not string text)
            {
                continue;
            }

            if (key == "Path")
            {
                path = text;
            }
            else if (key == "QueryString")
            {
                query = text;
            }

            token |= text.Contains("access_token=", StringComparison.OrdinalIgnoreCase);
        }

        return query is { Length: > 0 } && path is not null && path.StartsWith(HubsPath, StringComparison.OrdinalIgnoreCase) ? query
            : token ? string.Empty
            : null;
    }

    private static string Redact(string text, string hubQuery)
    {
        if (hubQuery.Length > 0)
        {
            text = text.Replace(hubQuery, $"?{Redacted}", StringComparison.Ordinal);
        }

        return AccessToken().Replace(text, $"$1{Redacted}");
    }

    [GeneratedRegex(@"(access_token=)[^&\s""'#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessToken();
}
