using System.Text;

namespace Linktor.Bench.Load;

/// <summary>
/// A pre-encoded request whose body carries a number (<see cref="Placeholder"/>), written in a fixed
/// width so Content-Length never changes: each request is one copy and a few digits, however many
/// distinct requests a round sends (a backlog of a million needs no million buffers).
/// </summary>
public sealed class RequestTemplate
{
    /// <summary>Where the number goes in the body text.</summary>
    public const string Placeholder = "{n}";

    /// <summary>Digits written for the number (zero-padded).</summary>
    public const int Width = 12;

    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    public RequestTemplate(string method, string host, string path, string? bearer, string bodyTemplate)
    {
        var body = Encoding.UTF8.GetBytes(bodyTemplate.Replace(Placeholder, new string('0', Width), StringComparison.Ordinal));
        _bytes = HttpRequestBytes.Encode(method, host, path, bearer, body);
        var headLength = _bytes.Length - body.Length;
        var offsets = new List<int>();
        for (var at = bodyTemplate.IndexOf(Placeholder, StringComparison.Ordinal); at >= 0; at = bodyTemplate.IndexOf(Placeholder, at + 1, StringComparison.Ordinal))
        {
            // Byte offset of the placeholder: the UTF-8 length of the text before it, with earlier placeholders widened.
            var before = Encoding.UTF8.GetByteCount(bodyTemplate.AsSpan(0, at)) + (offsets.Count * (Width - Placeholder.Length));
            offsets.Add(headLength + before);
        }

        _offsets = [.. offsets];
    }

    public int Length => _bytes.Length;

    /// <summary>The request for <paramref name="number"/>, written into <paramref name="scratch"/> (at least <see cref="Length"/> bytes).</summary>
    public ReadOnlyMemory<byte> Write(long number, byte[] scratch)
    {
        _bytes.CopyTo(scratch, 0);
        foreach (var offset in _offsets)
        {
            var n = number;
            for (var i = Width - 1; i >= 0; i--)
            {
                scratch[offset + i] = (byte)('0' + (n % 10));
                n /= 10;
            }
        }

        return scratch.AsMemory(0, _bytes.Length);
    }
}
