using System.Globalization;
using System.Text;

namespace Linktor.Testing.FakeProviders.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> upload body (S3's "streaming" SigV4 uploads): chunks of
/// <c>{hex size}[;chunk-signature={sig}]\r\n{data}\r\n</c> up to a zero-size one, then optional
/// trailing headers (a checksum, and for a signed trailer <c>x-amz-trailer-signature</c>) and an
/// empty line. Each chunk's signature chains from the previous one, the first from the request's.
/// </summary>
internal static class AwsChunked
{
    private const string ChunkSignature = "chunk-signature=";
    private const string TrailerSignature = "x-amz-trailer-signature";

    /// <param name="body">The body as received.</param>
    /// <param name="signed">Whether chunks (and the trailer) carry signatures to check.</param>
    /// <param name="signingKey">The request's signing key.</param>
    /// <param name="amzDate">The request's <c>x-amz-date</c>.</param>
    /// <param name="scope">The request's credential scope.</param>
    /// <param name="seedSignature">The request's own signature, which the first chunk's chains from.</param>
    /// <returns>The data, and the trailing headers (name to value, signature excluded).</returns>
    public static (byte[] Data, IReadOnlyDictionary<string, string> Trailers) Decode(
        byte[] body, bool signed, byte[] signingKey, string amzDate, string scope, string seedSignature)
    {
        using var data = new MemoryStream();
        var position = 0;
        var previous = seedSignature;
        while (true)
        {
            var header = ReadLine(body, ref position) ?? throw Malformed("a chunk header is missing");
            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var sizeText = semicolon < 0 ? header : header[..semicolon];
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0 || position + size > body.Length)
            {
                throw Malformed($"bad chunk size '{sizeText}'");
            }

            var chunk = body.AsSpan(position, size);
            position += size;
            if (signed)
            {
                var extension = semicolon < 0 ? "" : header[(semicolon + 1)..];
                if (!extension.StartsWith(ChunkSignature, StringComparison.Ordinal))
                {
                    throw Malformed("a chunk has no chunk-signature");
                }

                var provided = extension[ChunkSignature.Length..];
                var expected = SigV4.Sign(signingKey, $"AWS4-HMAC-SHA256-PAYLOAD\n{amzDate}\n{scope}\n{previous}\n{SigV4.EmptyHash}\n{SigV4.Hash(chunk)}");
                if (!SigV4.SignaturesMatch(expected, provided))
                {
                    throw new S3ErrorException(403, "SignatureDoesNotMatch", "The chunk signature does not match the signature we calculated.");
                }

                previous = provided;
            }

            if (size == 0)
            {
                break;
            }

            data.Write(chunk);
            if (ReadLine(body, ref position) != "")
            {
                throw Malformed("a chunk's data is not followed by CRLF");
            }
        }

        var trailers = new Dictionary<string, string>(StringComparer.Ordinal);
        var canonicalTrailers = new StringBuilder();
        string? trailerSignature = null;
        while (ReadLine(body, ref position) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed($"bad trailing header '{line}'");
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == TrailerSignature)
            {
                trailerSignature = value;
                continue;
            }

            trailers[name] = value;
            canonicalTrailers.Append(name).Append(':').Append(value).Append('\n');
        }

        if (position != body.Length)
        {
            throw Malformed("data follows the final chunk");
        }

        if (signed && trailers.Count > 0)
        {
            var expected = SigV4.Sign(
                signingKey, $"AWS4-HMAC-SHA256-TRAILER\n{amzDate}\n{scope}\n{previous}\n{SigV4.Hash(Encoding.UTF8.GetBytes(canonicalTrailers.ToString()))}");
            if (trailerSignature is null || !SigV4.SignaturesMatch(expected, trailerSignature))
            {
                throw new S3ErrorException(403, "SignatureDoesNotMatch", "The trailer signature does not match the signature we calculated.");
            }
        }

        return (data.ToArray(), trailers);
    }

    /// <summary>The ASCII line at <paramref name="position"/> without its CRLF (null at the end of the body), moving past it.</summary>
    private static string? ReadLine(byte[] body, ref int position)
    {
        if (position >= body.Length)
        {
            return null;
        }

        var end = body.AsSpan(position).IndexOf("\r\n"u8);
        if (end < 0)
        {
            throw Malformed("a line is not terminated by CRLF");
        }

        var line = Encoding.ASCII.GetString(body, position, end);
        position += end + 2;
        return line;
    }

    private static S3ErrorException Malformed(string why) =>
        new(400, "IncompleteBody", $"The aws-chunked body is malformed: {why}.");
}
