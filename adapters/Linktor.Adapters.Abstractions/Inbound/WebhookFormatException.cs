namespace Linktor.Adapters;

/// <summary>A verified webhook whose body is not the provider's format (answered 400, nothing stored).</summary>
public sealed class WebhookFormatException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// Runs a parser over a payload anyone can post. Parsers read leniently where the provider's format allows, but a
    /// value of the wrong kind deep inside (an object where a string was, text that is not UTF-8, a timestamp beyond
    /// the calendar) makes System.Text.Json or a conversion throw: that is a body not in the provider's format, a 400
    /// the sender can act on, never a 500 the provider retries for days (the fuzz tests hold every adapter to it).
    /// </summary>
    public static T Guard<T>(string provider, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException or OverflowException
            or ArgumentException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new WebhookFormatException($"The {provider} webhook is not in {provider}'s format: {ex.Message}", ex);
        }
    }
}
