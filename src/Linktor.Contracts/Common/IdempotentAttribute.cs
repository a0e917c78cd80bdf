namespace Linktor.Contracts.Common;

/// <summary>
/// Calling the method twice has the effect of calling it once (a read, or a find-or-create). A call of such a
/// method that was lost with its silo is sent again instead of failing the request that made it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute;
