using System.Text.Json;
using Linktor.Api.Tests.Wire;
using Shouldly;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>An HTTP answer read in full, with assertions that show the body when they fail.</summary>
public sealed class ApiResponse(int status, string? mediaType, string body, IReadOnlyDictionary<string, string> headers, string request)
{
    public int Status { get; } = status;

    public string? MediaType { get; } = mediaType;

    public string Body { get; } = body;

    /// <summary>Response and content headers (case-insensitive names, values joined by ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>Asserts the status and returns this.</summary>
    public ApiResponse ShouldBe(int status)
    {
        Status.ShouldBe(status, $"{request} answered {Status}: {Body}");
        return this;
    }

    /// <summary>Asserts the status and reads the body.</summary>
    public T ShouldBe<T>(int status) => ShouldBe(status).As<T>();

    public T As<T>()
    {
        try
        {
            return WireJson.Read<T>(Body);
        }
        catch (JsonException ex)
        {
            throw new ShouldAssertException($"{request}: the body is not a {typeof(T).Name} ({ex.Message}): {Body}", ex);
        }
    }

    /// <summary>
    /// Asserts an RFC 9457 problem document (<c>application/problem+json</c> with type, title, status, code)
    /// with this status and code, and returns it.
    /// </summary>
    public Problem ShouldBeProblem(int status, string code)
    {
        ShouldBe(status);
        MediaType.ShouldBe("application/problem+json", $"{request}: {Body}");
        var json = Json;
        foreach (var member in new[] { "type", "title", "status", "code" })
        {
            json.TryGetProperty(member, out _).ShouldBeTrue($"{request}: the problem has no '{member}': {Body}");
        }

        var problem = As<Problem>();
        problem.Status.ShouldBe(status, Body);
        problem.Code.ShouldBe(code, $"{request}: {Body}");
        problem.Type.ShouldNotBeNullOrWhiteSpace(Body);
        problem.Title.ShouldNotBeNullOrWhiteSpace(Body);
        return problem;
    }

    /// <summary>Asserts a <c>validation_failed</c> problem (400) whose <c>errors</c> name <paramref name="field"/>.</summary>
    public Problem ShouldBeValidationProblem(string field, int status = 400)
    {
        var problem = ShouldBeProblem(status, "validation_failed");
        problem.Errors.ShouldNotBeNull($"{request}: no errors: {Body}");
        problem.Errors.Keys.ShouldContain(field, $"{request}: {Body}");
        problem.Errors[field].ShouldNotBeEmpty();
        return problem;
    }

    public override string ToString() => $"{request} → {Status} {Body}";
}
