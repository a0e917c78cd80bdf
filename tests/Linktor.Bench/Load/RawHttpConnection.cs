using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;

namespace Linktor.Bench.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends pre-encoded requests and reads just enough of each
/// answer to know its status and where it ends (Content-Length or chunked). No HttpClient, no header
/// collections, no per-request allocation: the generator stays a small fraction of the machine.
/// One request at a time (no pipelining), as a browser or SDK would use a connection.
/// </summary>
public sealed class RawHttpConnection(IPEndPoint endpoint) : IDisposable
{
    /// <summary>The status reported when the connection failed before an answer (reset, refused, closed).</summary>
    public const int IoError = 0;

    /// <summary>The status reported when no answer came before the caller's cancellation.</summary>
    public const int Timeout = -1;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private byte[] _body = new byte[4 * 1024];
    private int _bodyLength;

    /// <summary>The body of the last answer, when it was asked for (valid until the next request).</summary>
    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _bodyLength);

    /// <summary>Sends <paramref name="request"/> and reads the answer; returns its status, or <see cref="IoError"/> / <see cref="Timeout"/>.</summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> request, bool captureBody, CancellationToken ct)
    {
        _bodyLength = 0;
        try
        {
            if (_socket is null)
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint, ct);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                _socket = socket;
                _start = _end = 0;
            }

            for (var sent = 0; sent < request.Length;)
            {
                sent += await _socket.SendAsync(request[sent..], SocketFlags.None, ct);
            }

            return await ReadResponseAsync(captureBody, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Reset();
            return Timeout;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidDataException)
        {
            Reset();
            return IoError;
        }
    }

    public void Dispose() => Reset();

    private void Reset()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    private async ValueTask<int> ReadResponseAsync(bool captureBody, CancellationToken ct)
    {
        int headerLength;
        while ((headerLength = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync(ct);
        }

        var (status, contentLength, chunked, close) = ParseHead(_buffer.AsSpan(_start, headerLength));
        _start += headerLength + HeaderEnd.Length;
        if (chunked)
        {
            await ReadChunkedAsync(captureBody, ct);
        }
        else if (contentLength > 0)
        {
            await ReadBytesAsync(contentLength, captureBody, ct);
        }

        if (close)
        {
            Reset();
        }

        return status;
    }

    private static (int Status, long ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 202 Accepted"
        if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("Not an HTTP/1.1 status line.");
        }

        long contentLength = 0;
        bool chunked = false, close = false;
        var rest = head[(head.IndexOf("\r\n"u8) is var eol and >= 0 ? eol + 2 : head.Length)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.EqualsIgnoreCaseAscii("content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _))
                {
                    throw new InvalidDataException("Bad Content-Length.");
                }
            }
            else if (name.EqualsIgnoreCaseAscii("transfer-encoding"u8))
            {
                chunked = value.EqualsIgnoreCaseAscii("chunked"u8);
            }
            else if (name.EqualsIgnoreCaseAscii("connection"u8))
            {
                close = value.EqualsIgnoreCaseAscii("close"u8);
            }
        }

        return (status, contentLength, chunked, close);
    }

    private async ValueTask ReadChunkedAsync(bool captureBody, CancellationToken ct)
    {
        while (true)
        {
            int eol;
            while ((eol = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync(ct);
            }

            var sizeText = _buffer.AsSpan(_start, eol);
            if (sizeText.IndexOf((byte)';') is var ext and >= 0)
            {
                sizeText = sizeText[..ext];
            }

            if (!Utf8Parser.TryParse(sizeText, out long size, out _, 'X'))
            {
                throw new InvalidDataException("Bad chunk size.");
            }

            _start += eol + 2;
            if (size == 0)
            {
                // Trailers (normally none), then the blank line.
                while (true)
                {
                    while ((eol = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
                    {
                        await FillAsync(ct);
                    }

                    _start += eol + 2;
                    if (eol == 0)
                    {
                        return;
                    }
                }
            }

            await ReadBytesAsync(size, captureBody, ct);
            await ReadBytesAsync(2, capture: false, ct); // the chunk's CRLF
        }
    }

    /// <summary>Consumes <paramref name="count"/> body bytes, appending them to <see cref="Body"/> when asked.</summary>
    private async ValueTask ReadBytesAsync(long count, bool capture, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(ct);
            }

            var take = (int)Math.Min(count, _end - _start);
            if (capture)
            {
                if (_bodyLength + take > _body.Length)
                {
                    Array.Resize(ref _body, Math.Max(_body.Length * 2, _bodyLength + take));
                }

                _buffer.AsSpan(_start, take).CopyTo(_body.AsSpan(_bodyLength));
                _bodyLength += take;
            }

            _start += take;
            count -= take;
        }
    }

    /// <summary>Reads more bytes after the unread ones, compacting or growing the buffer first when it is full.</summary>
    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            var unread = _end - _start;
            if (_start == 0)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                _buffer.AsSpan(_start, unread).CopyTo(_buffer);
                _start = 0;
                _end = unread;
            }
        }

        var read = await _socket!.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
