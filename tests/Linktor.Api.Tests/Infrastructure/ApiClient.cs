using System.Net.Http.Headers;
using System.Text;
using Linktor.Api.Tests.Wire;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>Requests to the node over its real socket, as one caller (a bearer token or none).</summary>
public sealed class ApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object? body = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonBody(body), idempotencyKey);

    public Task<ApiResponse> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, JsonBody(body));

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>A body exactly as given (malformed JSON, another media type, ...).</summary>
    public Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string body, string mediaType = "application/json") =>
        SendAsync(method, path, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(mediaType)));

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, headers, $"{method} {path}");
    }

    public static StringContent JsonBody(object body) =>
        new(body as string ?? WireJson.Write(body), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
