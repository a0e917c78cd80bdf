using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Linktor.Api.Auth;
using Linktor.Contracts.Idempotency;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// API.md: a write with an <c>Idempotency-Key</c> header runs once; a retry with the same key
/// (within 24 h) gets the original response, a concurrent one 409, and the key reused for a
/// different request 409. Only successful responses are kept, so a request refused for bad input
/// can be corrected and sent again. Message sends have their own, stronger dedupe in the message
/// store and do not use this filter; API-key creation does not either (its secret is never stored).
/// </summary>
public sealed class IdempotencyFilter(IGrainFactory grains) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (HttpMethods.IsGet(http.Request.Method) || key.Length == 0)
        {
            return await next(context);
        }

        if (key.Length > 255)
        {
            return ApiProblems.Validation(Header, "1–255 characters.");
        }

        var fingerprint = Fingerprint(context);
        var grain = grains.GetGrain<IIdempotencyGrain>($"{Caller.From(http.User).TenantId:N}/{key}");
        var decision = await grain.BeginAsync(fingerprint);
        switch (decision.Outcome)
        {
            case IdempotencyOutcome.Replay:
                return Replay(http, decision.Response!);
            case IdempotencyOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return ApiProblems.Create(409, "conflict", "A request with this Idempotency-Key is still running; retry shortly.", null);
            case IdempotencyOutcome.Mismatch:
                return ApiProblems.Create(409, "conflict", "This Idempotency-Key was used for a different request.",
                    new Dictionary<string, string[]> { [Header] = ["Used for a different request."] });
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await grain.AbandonAsync(fingerprint);
            throw;
        }

        // Typed handlers answer a Results<…> union; what was actually answered is inside it.
        var answered = result;
        while (answered is INestedHttpResult nested)
        {
            answered = nested.Result;
        }

        var status = (answered as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status is >= 200 and < 300)
        {
            var body = answered is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), ApiJson.Options) : null;
            var location = answered?.GetType().GetProperty("Location")?.GetValue(answered) as string;
            await grain.CompleteAsync(fingerprint, new StoredResponse(status, body, location));
        }
        else
        {
            await grain.AbandonAsync(fingerprint);
        }

        return result;
    }

    private static IResult Replay(HttpContext http, StoredResponse response)
    {
        http.Response.Headers[ReplayedHeader] = "true";
        if (response.Location is { } location)
        {
            http.Response.Headers.Location = location;
        }

        return response.Body is null
            ? Results.StatusCode(response.StatusCode)
            : Results.Text(response.Body, "application/json; charset=utf-8", Encoding.UTF8, response.StatusCode);
    }

    /// <summary>The request's identity: method, path and the bound request body.</summary>
    private static string Fingerprint(EndpointFilterInvocationContext context)
    {
        var bodies = context.Arguments.Where(a => a?.GetType().Namespace == typeof(Requests.ContentValidator).Namespace);
        var json = JsonSerializer.Serialize(bodies, ApiJson.Options);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        return $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path} {hash}";
    }
}
