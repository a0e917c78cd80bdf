using Linktor.Storage.Events;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Events;

/// <summary>
/// <see cref="EventQueues.QueueOf"/> is what writers and the silos' queue mapper must agree on, in every process and
/// across upgrades, so it is pinned to known values, not just checked against itself.
/// </summary>
public sealed class EventQueuesTests
{
    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", 8, 0)]
    [InlineData("019a5e3c-7f1d-7c2e-9b4a-2d6f8e1a3b5c", 8, 6)]
    [InlineData("019a5e3c-7f1d-7c2e-9b4a-2d6f8e1a3b5c", 1024, 966)]
    [InlineData("019a5e3c-7f1d-7c2e-9b4a-2d6f8e1a3b5c", 7, 0)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", 8, 3)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", 1024, 459)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", 8, 7)]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", 7, 6)]
    public void ATenantsQueueIsAFixedFunctionOfItsId(string tenantId, int queues, short expected) =>
        EventQueues.QueueOf(Guid.Parse(tenantId), queues).ShouldBe(expected);

    [Fact]
    public void TenantsSpreadEvenlyOverTheQueues()
    {
        var random = new Random(42);
        var counts = new int[8];
        for (var i = 0; i < 80_000; i++)
        {
            // Version-7 ids made close together share their leading bytes; the spread must not depend on them.
            var tenantId = i % 2 == 0 ? Guid.CreateVersion7() : new Guid(random.GetItems<byte>([.. Enumerable.Range(0, 256).Select(b => (byte)b)], 16));
            counts[EventQueues.QueueOf(tenantId, counts.Length)]++;
        }

        counts.ShouldAllBe(c => c > 9_500 && c < 10_500, string.Join(", ", counts));
    }

    [Fact]
    public void OneQueueTakesEveryTenantAndCountsOutOfRangeAreRefused()
    {
        EventQueues.QueueOf(Guid.NewGuid(), 1).ShouldBe((short)0);
        Should.Throw<ArgumentOutOfRangeException>(() => EventQueues.QueueOf(Guid.NewGuid(), 0));
        Should.Throw<ArgumentOutOfRangeException>(() => EventQueues.QueueOf(Guid.NewGuid(), EventQueues.MaxQueues + 1));
    }
}
