using System.Text.Json;
using System.Text.Json.Serialization;

namespace Linktor.Contracts.Json;

/// <summary>
/// The shape every client sees, written the same by the API (responses, SignalR) and by the silos
/// (webhook bodies): snake_case, enums as snake_case words, RFC 3339 UTC timestamps, nulls written.
/// </summary>
public static class WireJson
{
    /// <summary>Options for writing the wire shape outside ASP.NET Core (webhook bodies).</summary>
    public static readonly JsonSerializerOptions Options = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcTimestampConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
