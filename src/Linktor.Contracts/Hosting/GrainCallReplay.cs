using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Linktor.Contracts.Hosting;

/// <summary>
/// Makes a grain call again as a new call, the way the caller made it: the same method on the same grain reference
/// with the same arguments. A call whose first attempt is still pending in the runtime cannot be invoked again through
/// its own call context (the filter chain keeps its position in the context until that attempt ends), so a call that
/// is abandoned to a dead silo is repeated through the reference instead, with every filter applied afresh.
/// </summary>
public static class GrainCallReplay
{
    /// <summary>Whether <see cref="InvokeAgainAsync"/> can repeat calls of <paramref name="method"/>.</summary>
    public static bool CanReplay(MethodInfo? method) =>
        method is { ContainsGenericParameters: false } && (method.ReturnType == typeof(Task) || method.ReturnType == typeof(ValueTask)
            || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() is var d && (d == typeof(Task<>) || d == typeof(ValueTask<>))));

    /// <summary>Calls <paramref name="method"/> on <paramref name="grain"/> (a grain reference) and returns what it answers (null for no value).</summary>
    public static async Task<object?> InvokeAgainAsync(object grain, MethodInfo method, object?[] arguments)
    {
        object? returned;
        try
        {
            returned = method.Invoke(grain, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }

        var type = method.ReturnType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            // The Task<T> of a ValueTask<T>, so that one path awaits and reads both.
            returned = type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null);
            type = typeof(Task<>).MakeGenericType(type.GetGenericArguments());
        }

        if (returned is ValueTask valueTask)
        {
            await valueTask;
            return null;
        }

        var task = (Task)returned!;
        await task;
        // The declared type, not the task's: a Task-returning method's task may be a Task<VoidTaskResult>.
        return type.IsGenericType ? type.GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
    }
}
