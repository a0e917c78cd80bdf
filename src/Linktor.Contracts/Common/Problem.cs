namespace Linktor.Contracts.Common;

/// <summary>Why an operation was refused. <see cref="Errors"/> names fields by their JSON path.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.Problem")]
public sealed record Problem(
    [property: Id(0)] ProblemCode Code,
    [property: Id(1)] string Detail,
    [property: Id(2)] IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Problem NotFound(string what) => new(ProblemCode.NotFound, $"{what} was not found.");

    public static Problem Conflict(string detail) => new(ProblemCode.Conflict, detail);

    public static Problem Invalid(string field, string message) =>
        new(ProblemCode.ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });
}
