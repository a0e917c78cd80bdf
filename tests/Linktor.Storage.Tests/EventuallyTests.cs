using Linktor.Testing;
using Shouldly;
using Xunit;
using Xunit.Sdk;

namespace Linktor.Storage.Tests;

public sealed class EventuallyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetReturnsTheFirstValueTheProbeProduces()
    {
        var calls = 0;

        var value = await Eventually.GetAsync(
            () => Task.FromResult(++calls < 3 ? null : "ready"), TimeSpan.FromSeconds(5), "the probe turns ready", Ct);

        value.ShouldBe("ready");
        calls.ShouldBe(3);
    }

    [Fact]
    public async Task GetWorksForValueTypes()
    {
        var calls = 0;

        var value = await Eventually.GetAsync(
            () => Task.FromResult(++calls < 2 ? (int?)null : 0), TimeSpan.FromSeconds(5), "zero is a value", Ct);

        value.ShouldBe(0);
    }

    [Fact]
    public async Task AConditionThatNeverHoldsFailsWithTheReasonAndTheLastError()
    {
        var error = await Should.ThrowAsync<XunitException>(() => Eventually.TrueAsync(
            () => throw new InvalidOperationException("not connected"),
            TimeSpan.FromMilliseconds(200),
            "the silo joins the cluster",
            Ct));

        error.Message.ShouldContain("the silo joins the cluster");
        error.Message.ShouldContain("not connected");
        error.InnerException.ShouldBeOfType<InvalidOperationException>();
    }
}
