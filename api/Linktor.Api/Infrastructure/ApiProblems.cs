using System.Text.Json;
using Linktor.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Infrastructure;

/// <summary>RFC 9457 problem documents with API.md's stable <c>code</c> (and <c>errors</c> for fields).</summary>
public static class ApiProblems
{
    public const string ServiceUnavailableCode = "service_unavailable";

    public static ProblemHttpResult From(Problem problem) =>
        Create(StatusOf(problem.Code), CodeOf(problem.Code), problem.Detail, problem.Errors);

    public static ProblemHttpResult Validation(string field, string message) =>
        From(Problem.Invalid(field, message));

    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, "validation_failed", "The request is not valid; see errors.", errors);

    public static ProblemHttpResult NotFound(string what) => From(Problem.NotFound(what));

    public static ProblemHttpResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", detail, null);

    public static ProblemHttpResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, "forbidden", detail, null);

    public static ProblemHttpResult Create(int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is { Count: > 0 })
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, statusCode: status, title: TitleOf(status), type: $"urn:linktor:problem:{code}", extensions: extensions);
    }

    public static int StatusOf(ProblemCode code) => code switch
    {
        ProblemCode.ValidationFailed => StatusCodes.Status400BadRequest,
        ProblemCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ProblemCode.Forbidden => StatusCodes.Status403Forbidden,
        ProblemCode.NotFound => StatusCodes.Status404NotFound,
        ProblemCode.Conflict => StatusCodes.Status409Conflict,
        ProblemCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemCode.UnsupportedContent => StatusCodes.Status422UnprocessableEntity,
        ProblemCode.ChannelUnavailable => StatusCodes.Status422UnprocessableEntity,
        ProblemCode.ReplyWindowClosed => StatusCodes.Status422UnprocessableEntity,
        ProblemCode.DestinationNotAllowed => StatusCodes.Status422UnprocessableEntity,
        ProblemCode.CannotInitiate => StatusCodes.Status422UnprocessableEntity,
        ProblemCode.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string CodeOf(ProblemCode code) => code switch
    {
        ProblemCode.CannotInitiate => "validation_failed",
        _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString()),
    };

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
