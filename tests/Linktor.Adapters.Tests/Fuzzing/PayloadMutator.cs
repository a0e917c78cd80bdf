using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace Linktor.Adapters.Tests.Fuzzing;

/// <summary>
/// Variants of a provider's real payload that a careless or hostile sender could post: bytes flipped, cut short or
/// padded; JSON whose values have the wrong type, are missing, null, huge or deeply nested; forms whose fields are
/// dropped, repeated, out of range or badly encoded. Seeded, so a failure names the seed that reproduces it.
/// </summary>
public sealed class PayloadMutator(int seed)
{
    private static readonly Func<Random, JsonNode?>[] Replacements =
    [
        _ => null,
        _ => JsonValue.Create(""),
        r => JsonValue.Create(r.Next()),
        r => JsonValue.Create(-r.NextDouble() * 1e300),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(true),
        _ => JsonValue.Create("not-a-number-nor-a-date"),
        _ => JsonValue.Create("9999999999999999999999999999"),
        _ => JsonValue.Create(new string('x', 100_000)),
        _ => JsonValue.Create("\u0000\uFFFF\uD800"),
        _ => new JsonObject(),
        _ => new JsonArray(),
        _ => new JsonArray(new JsonObject(), null, JsonValue.Create(1)),
        _ => Nested(200),
    ];

    // Deeper than a reader takes by default: the parser must refuse it, not crash.
    private static readonly System.Text.Json.JsonSerializerOptions DeepWriting = new() { MaxDepth = 1024 };

    private readonly Random _random = new(seed);

    public int Seed => seed;

    /// <summary>Byte-level damage, whatever the format.</summary>
    public byte[] DamageBytes(byte[] body)
    {
        var bytes = body.ToArray();
        switch (_random.Next(5))
        {
            case 0:
                return bytes[.._random.Next(bytes.Length + 1)];
            case 1:
                for (var i = 0; i < 1 + _random.Next(8) && bytes.Length > 0; i++)
                {
                    bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                }

                return bytes;
            case 2:
                var noise = new byte[_random.Next(1, 64)];
                _random.NextBytes(noise);
                var at = _random.Next(bytes.Length + 1);
                return [.. bytes[..at], .. noise, .. bytes[at..]];
            case 3:
                var random = new byte[_random.Next(0, 512)];
                _random.NextBytes(random);
                return random;
            default:
                return [];
        }
    }

    /// <summary>A JSON payload with one to three of its values replaced, removed or duplicated; null when the body is not JSON.</summary>
    public byte[]? MutateJson(byte[] body)
    {
        if (JsonNode.Parse(body) is not { } root)
        {
            return null;
        }

        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            var nodes = Descendants(root).ToList();
            if (nodes.Count == 0)
            {
                break;
            }

            var (parent, key, index) = nodes[_random.Next(nodes.Count)];
            var replacement = Replacements[_random.Next(Replacements.Length)](_random);
            switch (parent)
            {
                case JsonObject obj when _random.Next(4) == 0:
                    obj.Remove(key!);
                    break;
                case JsonObject obj:
                    obj[key!] = replacement;
                    break;
                case JsonArray array when _random.Next(4) == 0:
                    array.RemoveAt(index);
                    break;
                case JsonArray array when _random.Next(3) == 0:
                    array.Add(array[index]?.DeepClone());
                    break;
                case JsonArray array:
                    array[index] = replacement;
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString(DeepWriting));
    }

    /// <summary>An urlencoded form with fields dropped, emptied, given hostile values or repeated.</summary>
    public byte[] MutateForm(byte[] body)
    {
        var form = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body));
        var fields = form.AllKeys.OfType<string>().Select(k => (Key: k, Value: form[k] ?? string.Empty)).ToList();
        for (var i = 0; i < 1 + _random.Next(3) && fields.Count > 0; i++)
        {
            var at = _random.Next(fields.Count);
            var (key, _) = fields[at];
            switch (_random.Next(6))
            {
                case 0:
                    fields.RemoveAt(at);
                    break;
                case 1:
                    fields[at] = (key, string.Empty);
                    break;
                case 2:
                    fields[at] = (key, FormValues[_random.Next(FormValues.Length)]);
                    break;
                case 3:
                    fields.Add((key, FormValues[_random.Next(FormValues.Length)]));
                    break;
                case 4:
                    fields.Add(("NumMedia", FormValues[_random.Next(FormValues.Length)]));
                    break;
                default:
                    fields.Add(($"MediaUrl{_random.Next(-1, 12)}", FormValues[_random.Next(FormValues.Length)]));
                    break;
            }
        }

        var encoded = string.Join('&', fields.Select(f => $"{HttpUtility.UrlEncode(f.Key)}={HttpUtility.UrlEncode(f.Value)}"));
        // Now and then a broken escape, as a hand-rolled sender writes it.
        return Encoding.UTF8.GetBytes(_random.Next(5) == 0 ? encoded + "&Body=%E0%A4%A&%%=%zz" : encoded);
    }

    private static readonly string[] FormValues =
    [
        "-1", "0", "2147483648", "99999999999999999999", "1e9", "NaN", "abc", "http://169.254.169.254/latest/meta-data/",
        "javascript:alert(1)", "", " ", new string('9', 10_000), "\u0000", "image/", "/", "https://api.twilio.com/../../etc/passwd",
    ];

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Descendants(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    yield return (obj, key, -1);
                    if (child is not null)
                    {
                        foreach (var inner in Descendants(child))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is { } child)
                    {
                        foreach (var inner in Descendants(child))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }
}
