namespace Linktor.Contracts.Common;

/// <summary>A grain answer: a value, or the <see cref="Problem"/> that prevented it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.Result`1")]
public sealed record Result<T>([property: Id(0)] T? Value, [property: Id(1)] Problem? Problem)
{
    public bool IsSuccess => Problem is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Problem problem) => new(default, problem);
}
