using Linktor.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linktor.Api.Infrastructure;

/// <summary>Turns a grain's <see cref="Result{T}"/> into an HTTP answer.</summary>
public static class GrainResults
{
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value!) : ApiProblems.From(result.Problem!);

    public static Results<Created<T>, ProblemHttpResult> Created<T>(Result<T> result, Func<T, string> location) =>
        result.IsSuccess ? TypedResults.Created(location(result.Value!), result.Value!) : ApiProblems.From(result.Problem!);

    public static Results<NoContent, ProblemHttpResult> NoContent<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.NoContent() : ApiProblems.From(result.Problem!);
}
