using System.Buffers.Text;
using System.Text.Json;

namespace Linktor.Bench.Realtime;

/// <summary>Reads one top-level field of a JSON object without building a document (events arrive by the ten thousand a second).</summary>
public static class JsonFields
{
    /// <summary>The raw bytes of top-level string or number <paramref name="name"/> (unescaped strings only), or empty.</summary>
    public static ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
                {
                    reader.Read();
                    return reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? json.Slice((int)reader.TokenStartIndex + (reader.TokenType == JsonTokenType.String ? 1 : 0), reader.ValueSpan.Length) : [];
                }

                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
        }

        return [];
    }

    public static string? String(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) =>
        Raw(json, name) is { IsEmpty: false } raw ? System.Text.Encoding.UTF8.GetString(raw) : null;

    public static long? Int64(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) =>
        Utf8Parser.TryParse(Raw(json, name), out long value, out _) ? value : null;

    public static Guid? Guid(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name) =>
        Utf8Parser.TryParse(Raw(json, name), out Guid value, out _) ? value : null;
}
