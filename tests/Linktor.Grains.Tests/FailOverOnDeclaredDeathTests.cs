using System.Net;
using System.Reflection;
using Linktor.Contracts.Common;
using Linktor.Contracts.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization.Invocation;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// On an API node, a grain call still waiting when membership declares a silo dead: one safe to repeat is made again
/// at once (and answers what the repeat answers), any other fails at once with <see cref="CallLostWithSiloException"/>
/// (503); a call that ends before any death is never disturbed, nor one that starts after the death.
/// </summary>
public sealed class FailOverOnDeclaredDeathTests
{
    private static readonly SiloAddress DeadSilo = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnIdempotentCallWaitingWhenASiloIsDeclaredDeadIsMadeAgainAndAnswersTheRepeat()
    {
        var (filter, deaths) = Filter();
        var grain = new Probe();
        var context = new Context(grain, nameof(IProbe.ReadAsync), ["a"]);

        var call = filter.Invoke(context);
        await context.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        call.IsCompleted.ShouldBeFalse("the attempt waits for an answer that will never come");
        deaths.Declare(DeadSilo);
        await call.WaitAsync(Prompt, TestContext.Current.CancellationToken);

        context.Result.ShouldBe("read a");
        context.Attempts.ShouldBe(1, "the abandoned attempt is never invoked again through its context");
        grain.Calls.ShouldBe(["read a"], "the call is made again through the grain reference");
    }

    [Fact]
    public async Task AKeyedSendIsMadeAgainButAnUnkeyedOneFailsBecauseItMayHaveBeenStored()
    {
        var (filter, deaths) = Filter();
        var grain = new Probe();
        var keyed = new Context(grain, nameof(IProbe.SendAsync), [new Keyed("k-1")]);
        var unkeyed = new Context(grain, nameof(IProbe.SendAsync), [new Keyed(null)]);

        var first = filter.Invoke(keyed);
        var second = filter.Invoke(unkeyed);
        await Task.WhenAll(keyed.Sent, unkeyed.Sent).WaitAsync(Prompt, TestContext.Current.CancellationToken);
        deaths.Declare(DeadSilo);

        await first.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        keyed.Result.ShouldBe("sent k-1");
        var lost = await Should.ThrowAsync<CallLostWithSiloException>(second.WaitAsync(Prompt, TestContext.Current.CancellationToken));
        lost.Message.ShouldContain(DeadSilo.ToString());
        grain.Calls.ShouldBe(["sent k-1"], "the unkeyed send is not repeated");
    }

    [Fact]
    public async Task ACallNotSafeToRepeatFailsAtOnceWhenASiloIsDeclaredDead()
    {
        var (filter, deaths) = Filter();
        var grain = new Probe();
        var context = new Context(grain, nameof(IProbe.WriteAsync), ["b"]);

        var call = filter.Invoke(context);
        await context.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        deaths.Declare(DeadSilo);

        await Should.ThrowAsync<CallLostWithSiloException>(call.WaitAsync(Prompt, TestContext.Current.CancellationToken));
        grain.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ACallAnsweredBeforeAnyDeathIsNotDisturbedNorOneStartedAfterIt()
    {
        var (filter, deaths) = Filter();
        var grain = new Probe();
        var before = new Context(grain, nameof(IProbe.WriteAsync), ["c"]);
        var call = filter.Invoke(before);
        await before.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        before.Answer("c done");
        await call.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        deaths.Declare(DeadSilo);
        before.Result.ShouldBe("c done");

        // A death declared before the call left is not one it can be lost to.
        var after = new Context(grain, nameof(IProbe.WriteAsync), ["d"]);
        var later = filter.Invoke(after);
        await after.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        await Task.Yield();
        later.IsCompleted.ShouldBeFalse();
        after.Answer("d done");
        await later.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        after.Result.ShouldBe("d done");
        grain.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ACallSentAfterTheDeadSiloCouldHaveGoneSilentIsGivenTimeToEndOnItsOwn()
    {
        // Sent less than the least detection time before the declaration: a crashed silo would have refused it.
        var (filter, deaths) = Filter(minimumTimeToDeclare: TimeSpan.FromSeconds(30));
        var grain = new Probe();
        var context = new Context(grain, nameof(IProbe.WriteAsync), ["f"]);

        var call = filter.Invoke(context);
        await context.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        deaths.Declare(DeadSilo);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        call.IsCompleted.ShouldBeFalse("it is not failed at once");
        context.Answer("f done");

        await call.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        context.Result.ShouldBe("f done");
        grain.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task ACallSentAfterTheDeadSiloWentSilentStillFailsOverIfItDoesNotEndWithinThatTime()
    {
        var (filter, deaths) = Filter(minimumTimeToDeclare: TimeSpan.FromMilliseconds(300));
        var grain = new Probe();
        var context = new Context(grain, nameof(IProbe.ReadAsync), ["g"]);

        var call = filter.Invoke(context);
        await context.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        deaths.Declare(DeadSilo);

        await call.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        context.Result.ShouldBe("read g");
        grain.Calls.ShouldBe(["read g"]);
    }

    [Fact]
    public async Task WithoutDeathDeclarationsASiloFilterOnlyWaits()
    {
        var filter = new RetryRefusedCalls(NullLogger<RetryRefusedCalls>.Instance);
        var context = new Context(new Probe(), nameof(IProbe.ReadAsync), ["e"]);
        var call = filter.Invoke(context);
        await context.Sent.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        context.Answer("e done");
        await call.WaitAsync(Prompt, TestContext.Current.CancellationToken);
        context.Result.ShouldBe("e done");
    }

    private static (RetryRefusedCalls Filter, Deaths Deaths) Filter(TimeSpan minimumTimeToDeclare = default)
    {
        var deaths = new Deaths { MinimumTimeToDeclare = minimumTimeToDeclare };
        return (new RetryRefusedCalls(NullLogger<RetryRefusedCalls>.Instance, deaths), deaths);
    }

    /// <summary>The grain interface of the test (a plain interface: the filter needs only the method and the reference).</summary>
    public interface IProbe
    {
        [Idempotent]
        Task<string> ReadAsync(string value);

        Task<string> WriteAsync(string value);

        [Idempotent(WhenKeyed = true)]
        Task<string> SendAsync(Keyed request);
    }

    public sealed record Keyed(string? IdempotencyKey) : IKeyedRequest;

    /// <summary>Stands for the grain reference: what a repeat reaches.</summary>
    private sealed class Probe : IProbe
    {
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task<string> ReadAsync(string value) => Record($"read {value}");

        public Task<string> WriteAsync(string value) => Record($"wrote {value}");

        public Task<string> SendAsync(Keyed request) => Record($"sent {request.IdempotencyKey}");

        private Task<string> Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }

            return Task.FromResult(call);
        }
    }

    private sealed class Deaths : IDeclaredSiloDeaths
    {
        private TaskCompletionSource<SiloAddress> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SiloAddress> Next => Volatile.Read(ref _next).Task;

        public TimeSpan MinimumTimeToDeclare { get; init; } = TimeSpan.Zero;

        public void Declare(SiloAddress silo) =>
            Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(silo);
    }

    /// <summary>A call's context whose attempts go nowhere until the test answers them.</summary>
    private sealed class Context(object grain, string method, object?[] arguments) : IOutgoingGrainCallContext
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _attempts;

        public Task Sent => _sent.Task;

        public int Attempts => Volatile.Read(ref _attempts);

        public IInvokable Request { get; } = new Invokable(typeof(IProbe).GetMethod(method)!, arguments);

        public object Grain => grain;

        public MethodInfo InterfaceMethod => Request.GetMethod();

        public object? Result { get; set; }

        public Response? Response { get; set; }

        public IGrainContext? SourceContext => null;

        public GrainId? SourceId => null;

        public GrainId TargetId => default;

        public GrainInterfaceType InterfaceType => default;

        public string InterfaceName => nameof(IProbe);

        public string MethodName => method;

        public void Answer(string value) => _answer.TrySetResult(value);

        public async Task Invoke()
        {
            Interlocked.Increment(ref _attempts);
            _sent.TrySetResult();
            Result = await _answer.Task;
        }
    }

    private sealed class Invokable(MethodInfo method, object?[] arguments) : IInvokable
    {
        public object? GetTarget() => null;

        public void SetTarget(ITargetHolder holder)
        {
        }

        public ValueTask<Response> Invoke() => throw new NotSupportedException();

        public int GetArgumentCount() => arguments.Length;

        public object? GetArgument(int index) => arguments[index];

        public void SetArgument(int index, object value) => arguments[index] = value;

        public string GetMethodName() => method.Name;

        public string GetInterfaceName() => nameof(IProbe);

        public string GetActivityName() => method.Name;

        public MethodInfo GetMethod() => method;

        public Type GetInterfaceType() => typeof(IProbe);

        public void Dispose()
        {
        }
    }
}
