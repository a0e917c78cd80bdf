using System.Text.Json;
using Linktor.Contracts.Common;
using Linktor.Storage.Json;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Serialization;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// Turns what escapes a handler into a problem document: bad JSON and oversize bodies are the
/// client's fault (4xx naming the field); an unreachable database or cluster is a 503 with
/// <c>Retry-After</c>; anything else is a logged 500 that tells nothing internal.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    private static readonly string[] RequiredMessage = ["Required."];

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            Linktor.Contracts.Hosting.CallLostWithSiloException => Unavailable(context, exception,
                "A server failed while this request was being handled; it may or may not have been applied. Retry shortly with the same Idempotency-Key."),
            // A grain call that timed out may still run to completion on its silo: the caller cannot know.
            TimeoutException => Unavailable(context, exception,
                "A server did not finish handling this request in time; it may or may not have been applied. Retry shortly with the same Idempotency-Key."),
            _ when IsUnavailable(exception) => Unavailable(context, exception,
                "A backing service is briefly unavailable; nothing was changed. Retry shortly (same Idempotency-Key)."),
            _ => Internal(exception),
        };
        await result.ExecuteAsync(context);
        return true;
    }

    private static IResult FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiProblems.Create(413, "payload_too_large", "The request body is larger than this server accepts.", null);
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ApiProblems.Create(415, "validation_failed", "Send the body as application/json.", null);
        }

        if (bad.InnerException is JsonException { Message: var text } missing && text.Contains("missing required properties", StringComparison.Ordinal))
        {
            var parent = FieldOf(missing.Path);
            var names = text[text.IndexOf("including:", StringComparison.Ordinal)..].Split('\'').Where((_, i) => i % 2 == 1);
            var errors = names.ToDictionary(n => parent == "body" ? n : $"{parent}.{n}", _ => RequiredMessage);
            return ApiProblems.Create(400, "validation_failed", $"Missing required field(s): {string.Join(", ", errors.Keys)}.", errors);
        }

        if (bad.InnerException is JsonException { InnerException: { } reader } && reader.GetType().Name == "JsonReaderException")
        {
            return ApiProblems.Create(400, "validation_failed", $"The body is not valid JSON: {reader.Message}",
                new Dictionary<string, string[]> { ["body"] = ["Not valid JSON."] });
        }

        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "Unknown field."
                : json.Message.StartsWith("NUL characters", StringComparison.Ordinal) ? "NUL characters are not allowed."
                : field == "body" ? "The body is not valid JSON." : "Wrong type or format for this field.";
            return ApiProblems.Create(400, "validation_failed", $"{field}: {message}",
                new Dictionary<string, string[]> { [field] = [message] });
        }

        var binding = BindFailure().Match(bad.Message);
        if (binding.Success)
        {
            var field = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(binding.Groups[1].Value);
            return ApiProblems.Create(400, "validation_failed", $"{field}: Wrong type or format.",
                new Dictionary<string, string[]> { [field] = ["Wrong type or format."] });
        }

        return ApiProblems.Create(400, "validation_failed",
            bad.Message.Contains("body was provided", StringComparison.Ordinal) || bad.Message.Contains("Required parameter", StringComparison.Ordinal)
                ? "A JSON body is required."
                : "The request is not valid.", null);
    }

    /// <summary>
    /// The unmapped-member error names the parent object in its path and the property in its
    /// message; anything else names the field in its path (<c>$.content.text</c>).
    /// </summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.TrimStart('$').TrimStart('.').Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal).TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    private static bool IsUnavailable(Exception ex) => ex switch
    {
        BackingServiceUnavailableException => true,
        _ when DatabaseAvailability.IsUnavailable(ex) => true,
        SiloUnavailableException => true,
        OrleansMessageRejectionException => true,
        // A crashed silo's gateway: the call never left this node.
        Orleans.Runtime.Messaging.ConnectionFailedException => true,
        // Cluster mode: silos send database outages as BackingServiceUnavailableException; should a driver
        // exception still cross the wire, the client gets it as a fallback: judge it by type name and SQLSTATE.
        UnavailableExceptionFallbackException fallback => IsUnavailableDatabaseError(fallback),
        _ when ex.InnerException is { } inner => IsUnavailable(inner),
        _ => false,
    };

    private static bool IsUnavailableDatabaseError(UnavailableExceptionFallbackException fallback)
    {
        var type = fallback.ExceptionType ?? string.Empty;
        if (type.StartsWith("Npgsql.PostgresException", StringComparison.Ordinal))
        {
            var state = fallback.Properties?.TryGetValue("SqlState", out var value) == true ? value?.ToString() ?? string.Empty : string.Empty;
            return state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal);
        }

        return type.StartsWith("Npgsql.NpgsqlException", StringComparison.Ordinal)
            || type.StartsWith("System.Net.Sockets.SocketException", StringComparison.Ordinal)
            || (fallback.InnerException is { } inner && IsUnavailable(inner));
    }

    private IResult Unavailable(HttpContext context, Exception exception, string detail)
    {
        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        context.Response.Headers.RetryAfter = "5";
        return ApiProblems.Create(503, ApiProblems.ServiceUnavailableCode, detail, null);
    }

    private IResult Internal(Exception exception)
    {
        LogUnhandled(logger, exception);
        return ApiProblems.Create(500, "internal", "Something went wrong on our side; it has been logged.", null);
    }

    [System.Text.RegularExpressions.GeneratedRegex("Failed to bind parameter \"[^ ]+ ([A-Za-z0-9_]+)\"")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    // Log event ids 50xx: failed calls (API errors, refused grain calls) (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Backing service unavailable: {Type}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string type, string message);
}
