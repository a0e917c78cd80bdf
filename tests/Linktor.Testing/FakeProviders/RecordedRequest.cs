using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// One request a fake provider received, with the moment it arrived and whether the fake accepted
/// it (false when an injected fault answered instead), and the client's TCP port (which process sent it).
/// </summary>
public sealed record RecordedRequest(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? ContentType,
    bool Accepted,
    int RemotePort = 0)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The form fields of a form-encoded or multipart body (first value of each).</summary>
    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(BodyText).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
