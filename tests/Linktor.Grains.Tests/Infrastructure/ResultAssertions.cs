using Linktor.Contracts.Common;
using Shouldly;

namespace Linktor.Grains.Tests.Infrastructure;

public static class ResultAssertions
{
    /// <summary>The value of a successful result; fails with the problem otherwise.</summary>
    public static T ShouldSucceed<T>(this Result<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Problem.ShouldBeNull($"the grain answered a problem: {result.Problem?.Code} {result.Problem?.Detail}");
        return result.Value ?? throw new ShouldAssertException("the grain succeeded without a value");
    }

    /// <summary>The problem of a refused result; fails when it succeeded or the code differs.</summary>
    public static Problem ShouldFailWith<T>(this Result<T> result, ProblemCode code)
    {
        ArgumentNullException.ThrowIfNull(result);
        var problem = result.Problem.ShouldNotBeNull("the grain was expected to refuse, but succeeded");
        problem.Code.ShouldBe(code, problem.Detail);
        return problem;
    }
}
