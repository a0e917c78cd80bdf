using System.Text;

namespace Linktor.Bench.Load;

/// <summary>Encodes one HTTP/1.1 request once, so the generator only copies bytes while it measures.</summary>
public static class HttpRequestBytes
{
    public static byte[] Encode(
        string method, string host, string path, string? bearer, byte[]? body, string contentType = "application/json",
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(host).Append("\r\n");
        if (bearer is not null)
        {
            head.Append("Authorization: Bearer ").Append(bearer).Append("\r\n");
        }

        foreach (var (name, value) in headers ?? [])
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return body is null ? headBytes : [.. headBytes, .. body];
    }
}
