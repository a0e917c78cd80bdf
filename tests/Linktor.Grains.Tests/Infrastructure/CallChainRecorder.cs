using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Concurrency;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>
/// Walks the grains' call graph as the tests run it: every grain call carries the chain of grains awaiting it (in the
/// <see cref="RequestContext"/>, which Orleans passes on with each call a grain makes), and a call that arrives at a
/// grain already in its chain is recorded as a violation — that grain is being called back while it awaits the call
/// that led here. A one-way call starts a chain of its own: its caller is not waiting for it. Registered on every test
/// silo; it only records, so a test that cares asserts on <see cref="ViolationsOf"/>.
/// </summary>
public sealed class CallChainRecorder : IIncomingGrainCallFilter
{
    private const string ChainKey = "linktor.test.call-chain";

    private static readonly ConcurrentQueue<Violation> Violations = new();

    /// <summary>The call-backs recorded among grains whose keys contain <paramref name="tenantId"/> (a test's own tenant).</summary>
    public static IReadOnlyList<Violation> ViolationsOf(Guid tenantId)
    {
        var tenant = tenantId.ToString("N");
        var dashed = tenantId.ToString("D");
        return [.. Violations.Where(v => v.Chain.Any(g => g.Contains(tenant, StringComparison.OrdinalIgnoreCase) || g.Contains(dashed, StringComparison.OrdinalIgnoreCase)))];
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var target = context.TargetId.ToString();
        var oneWay = context.InterfaceMethod?.GetCustomAttribute<OneWayAttribute>() is not null;
        var before = RequestContext.Get(ChainKey) as string[];
        var chain = oneWay || before is null ? [] : before;
        if (chain.Contains(target, StringComparer.Ordinal))
        {
            Violations.Enqueue(new Violation(target, $"{context.InterfaceMethod?.DeclaringType?.Name}.{context.InterfaceMethod?.Name}", [.. chain, target]));
        }

        RequestContext.Set(ChainKey, (string[])[.. chain, target]);
        try
        {
            await context.Invoke();
        }
        finally
        {
            if (before is null)
            {
                RequestContext.Remove(ChainKey);
            }
            else
            {
                RequestContext.Set(ChainKey, before);
            }
        }
    }

    /// <summary>A call to <paramref name="Grain"/> (method <paramref name="Method"/>) while it awaited the chain that led to it.</summary>
    public sealed record Violation(string Grain, string Method, IReadOnlyList<string> Chain)
    {
        public override string ToString() => $"{Method} called back {Grain}: {string.Join(" → ", Chain)}";
    }
}
