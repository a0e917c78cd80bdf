using Linktor.Api.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Cluster;

/// <summary>
/// Every send is stored with an idempotency key (so a send lost with a silo can be made again): the client's, or an
/// internal one that no client key can ever be stored as.
/// </summary>
public sealed class SendKeysTests
{
    [Fact]
    public void ASendWithoutAKeyGetsAFreshInternalOne()
    {
        var first = SendKeys.Stored(null);
        var second = SendKeys.Stored(null);
        first.ShouldStartWith("~auto:");
        second.ShouldNotBe(first);
    }

    [Fact]
    public void AClientKeyIsStoredAsItIsUnlessItBeginsWithTheReservedCharacter()
    {
        SendKeys.Stored("order-42").ShouldBe("order-42");
        SendKeys.Stored("~auto:abc").ShouldBe("~~auto:abc");
        SendKeys.Stored("~~x").ShouldBe("~~~x");
    }

    [Fact]
    public void NoClientKeyIsStoredAsAnInternalKey()
    {
        var internalKey = SendKeys.Stored(null);
        SendKeys.Stored(internalKey).ShouldNotBe(internalKey, "a client that sends an internal key's text gets a key of its own");
        SendKeys.Stored(internalKey).ShouldNotStartWith("~auto:");
    }
}
