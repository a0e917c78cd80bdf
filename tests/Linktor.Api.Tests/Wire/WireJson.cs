using System.Text.Json;
using System.Text.Json.Serialization;

namespace Linktor.Api.Tests.Wire;

/// <summary>
/// How the tests read and write the API's JSON: API.md's snake_case, written independently of the product's own
/// types so that a renamed or missing field fails here. Reading is strict about what the test types declare
/// (a required field that is absent, or null where the type says non-null, is an error) and lenient about
/// fields the tests do not look at. Writing keeps nulls: a PATCH clears a field with one.
/// </summary>
public static class WireJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    public static T Read<T>(JsonElement json) =>
        json.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    public static string Write(object value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
