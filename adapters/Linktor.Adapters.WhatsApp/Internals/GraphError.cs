using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Linktor.Adapters.WhatsApp.Internals;

/// <summary>
/// A Graph API error answer, <c>{"error":{"message","type","code","error_subcode","error_data":{"details"},"fbtrace_id"}}</c>,
/// or the same fields of a webhook's <c>errors[]</c> item (<c>title</c> instead of <c>type</c>).
/// </summary>
internal sealed partial record GraphError(int? Code, string Message, string? Type, string? Details)
{
    /// <summary>"WhatsApp 131047: Re-engagement message (details)": the provider's code and words, for <c>error.message</c>.</summary>
    public string Describe()
    {
        var text = StripCodePrefix().Replace(Message, "").Trim();
        if (text.Length == 0)
        {
            text = Type ?? "error";
        }

        if (Details is { Length: > 0 } details && !string.Equals(details, text, StringComparison.Ordinal))
        {
            text += $" ({details})";
        }

        return Code is { } code ? $"WhatsApp {code.ToString(CultureInfo.InvariantCulture)}: {text}" : $"WhatsApp: {text}";
    }

    /// <summary>Reads a Graph error body; null when the body is not one (a proxy's HTML page, say).</summary>
    public static GraphError? Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("error", out var error)
                   && error.ValueKind == JsonValueKind.Object
                ? FromElement(error)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An error object of an API answer or of a webhook (<c>statuses[].errors[]</c>, <c>value.errors[]</c>).</summary>
    public static GraphError FromElement(JsonElement error) => new(
        GraphJson.Int(error, "code"),
        GraphJson.String(error, "message") ?? GraphJson.String(error, "title") ?? "",
        GraphJson.String(error, "type") ?? GraphJson.String(error, "title"),
        error.TryGetProperty("error_data", out var data) && data.ValueKind == JsonValueKind.Object
            ? GraphJson.String(data, "details")
            : null);

    /// <summary>Graph messages repeat the code as a "(#130429) " prefix.</summary>
    [GeneratedRegex(@"^\(#\d+\)\s*")]
    private static partial Regex StripCodePrefix();
}
