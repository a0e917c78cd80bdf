using System.Reflection;
using Linktor.Contracts.Common;

namespace Linktor.Contracts.Hosting;

/// <summary>Which grain calls may be sent again after they may already have run: those whose repeat does nothing.</summary>
public static class ResendPolicy
{
    /// <summary>
    /// A method marked <see cref="IdempotentAttribute">[Idempotent]</see>; one marked <c>[Idempotent(WhenKeyed = true)]</c>
    /// only when an argument carries its idempotency key (<see cref="IKeyedRequest"/>), which the grain stores once.
    /// </summary>
    public static bool IsSafeToRepeat(MethodInfo? method, IReadOnlyList<object?> arguments) =>
        method?.GetCustomAttribute<IdempotentAttribute>() is { } idempotent
        && (!idempotent.WhenKeyed || arguments.Any(a => a is IKeyedRequest { IdempotencyKey: not null }));
}
