using System.Text.Json;
using System.Text.Json.Serialization;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// A PATCH field: absent (leave alone) or present, possibly null (clear). Plain nullable
/// properties cannot tell <c>{}</c> from <c>{"assignee_id": null}</c>.
/// </summary>
[JsonConverter(typeof(OptionalConverterFactory))]
public readonly record struct Optional<T>(bool IsSet, T? Value)
{
    public static Optional<T> Of(T? value) => new(true, value);
}

/// <summary>Reads <see cref="Optional{T}"/>: being called at all means the property was present.</summary>
public sealed class OptionalConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Optional<T>.Of(reader.TokenType == JsonTokenType.Null ? default : JsonSerializer.Deserialize<T>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
