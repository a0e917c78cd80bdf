using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Linktor.Bench.Fakes;

/// <summary>
/// The WhatsApp Graph and Telegram Bot APIs as a sink for throughput runs, in a process of its own
/// (<c>Linktor.Bench fake-providers</c>) so that its CPU is reported apart from the generator's. It answers
/// each send after <c>latency</c> (a real provider's round trip; changeable at run time) and records
/// only the benchmark marker and arrival time of each: the test suites' fakes
/// (tests/Linktor.Testing/FakeProviders) keep every request with its headers and body, which a backlog
/// of a million messages would turn into gigabytes, and they answer at once.
/// <list type="bullet">
/// <item>WhatsApp: <c>POST /{version}/{phone_number_id}/messages</c>, <c>GET /{version}/{id}</c> (the number's identity).</item>
/// <item>Telegram: <c>/bot{token}/{method}</c>: getMe, setWebhook, deleteWebhook, getWebhookInfo, sendMessage (any other method: ok).</item>
/// <item>Control: <c>POST /_bench/latency?ms=</c>, <c>POST /_bench/reset</c>, <c>GET /_bench/count</c>,
/// <c>GET /_bench/receipts</c> (16 bytes each: marker, µs, little-endian).</item>
/// </list>
/// </summary>
public sealed class FakeProviderServer
{
    private readonly ConcurrentQueue<ProviderReceipt> _receipts = new();
    private long _sends;
    private long _nextId = 1_000_000;
    private int _latencyMs;

    private FakeProviderServer(int latencyMs) => _latencyMs = latencyMs;

    public static async Task<int> RunAsync(int port, int latencyMs)
    {
        var server = new FakeProviderServer(latencyMs);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.RunAsync();
        return 0;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/_bench/", StringComparison.Ordinal))
        {
            await ControlAsync(context, path);
            return;
        }

        var body = await ReadBodyAsync(context.Request);
        if (path.StartsWith("/bot", StringComparison.Ordinal))
        {
            await TelegramAsync(context, path, body);
        }
        else
        {
            await WhatsAppAsync(context, path, body);
        }
    }

    private async Task WhatsAppAsync(HttpContext context, string path, byte[] body)
    {
        if (HttpMethods.IsPost(context.Request.Method) && path.EndsWith("/messages", StringComparison.Ordinal))
        {
            Received(body);
            await DelayAsync(context);
            var to = TopLevel(body, "to") ?? "0";
            var wamid = $"wamid.bench{Interlocked.Increment(ref _nextId)}";
            await JsonAsync(context, $$"""{"messaging_product":"whatsapp","contacts":[{"input":"{{to}}","wa_id":"{{to}}"}],"messages":[{"id":"{{wamid}}"}]}""");
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            var id = path.TrimEnd('/').Split('/')[^1];
            await JsonAsync(context, $$"""{"verified_name":"Linktor Bench","display_phone_number":"+1 555-000-0000","quality_rating":"GREEN","id":"{{id}}"}""");
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task TelegramAsync(HttpContext context, string path, byte[] body)
    {
        var method = path.Split('/')[^1];
        var botId = path.Split('/')[1][3..].Split(':')[0];
        switch (method)
        {
            case "sendMessage":
                Received(body);
                await DelayAsync(context);
                var chat = TopLevel(body, "chat_id") ?? "1";
                var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                await JsonAsync(context, $$$"""{"ok":true,"result":{"message_id":{{{Interlocked.Increment(ref _nextId)}}},"from":{"id":{{{botId}}},"is_bot":true,"first_name":"Bench","username":"linktor_bench_bot"},"chat":{"id":{{{chat}}},"first_name":"Bench","type":"private"},"date":{{{now}}},"text":"ok"}}""");
                break;
            case "getMe":
                await JsonAsync(context, $$$"""{"ok":true,"result":{"id":{{{botId}}},"is_bot":true,"first_name":"Bench","username":"linktor_bench_bot","can_join_groups":true,"can_read_all_group_messages":false,"supports_inline_queries":false}}""");
                break;
            case "getWebhookInfo":
                await JsonAsync(context, """{"ok":true,"result":{"url":"","has_custom_certificate":false,"pending_update_count":0}}""");
                break;
            default:
                await JsonAsync(context, """{"ok":true,"result":true}""");
                break;
        }
    }

    private async Task ControlAsync(HttpContext context, string path)
    {
        switch (path)
        {
            case "/_bench/latency":
                _latencyMs = int.Parse(context.Request.Query["ms"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "/_bench/reset":
                _receipts.Clear();
                Interlocked.Exchange(ref _sends, 0);
                break;
            case "/_bench/count":
                await context.Response.WriteAsync(Interlocked.Read(ref _sends).ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "/_bench/receipts":
                var all = _receipts.ToArray();
                var bytes = new byte[all.Length * 16];
                for (var i = 0; i < all.Length; i++)
                {
                    BitConverter.TryWriteBytes(bytes.AsSpan(i * 16), all[i].Marker);
                    BitConverter.TryWriteBytes(bytes.AsSpan((i * 16) + 8), all[i].ReceivedAtUnixMicros);
                }

                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(bytes);
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    private void Received(byte[] body)
    {
        Interlocked.Increment(ref _sends);
        if (BenchMarker.TryFind(body, out var marker))
        {
            var micros = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            _receipts.Enqueue(new ProviderReceipt(marker, micros));
        }
    }

    private async Task DelayAsync(HttpContext context)
    {
        if (_latencyMs > 0)
        {
            await Task.Delay(_latencyMs, context.RequestAborted);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>A top-level string or number of a JSON body, as text; null when absent or not JSON.</summary>
    private static string? TopLevel(byte[] body, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static Task JsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}
