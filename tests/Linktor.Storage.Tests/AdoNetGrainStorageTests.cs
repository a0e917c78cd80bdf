using Linktor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests;

/// <summary>
/// The real Microsoft.Orleans.Persistence.AdoNet provider (Invariant "Npgsql") against our schema: it loads its
/// queries from OrleansQuery at start and binds and reads them itself. No silo; the grain-level tests live with
/// the grains.
/// </summary>
public sealed class AdoNetGrainStorageTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string StateName = "conversation";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteReadAndConflictThroughTheProvider()
    {
        var storage = await StartAsync(deleteStateOnClear: false);
        var grainId = NewGrainId();

        var first = new GrainState<TestConversationState>(new TestConversationState { Subject = "hello", Messages = 1 });
        await storage.WriteStateAsync(StateName, grainId, first);
        first.ETag.ShouldBe("1");
        first.RecordExists.ShouldBeTrue();

        var read = new GrainState<TestConversationState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        read.ETag.ShouldBe("1");
        var readState = read.State.ShouldNotBeNull();
        readState.Subject.ShouldBe("hello");
        readState.Messages.ShouldBe(1);

        first.State.ShouldNotBeNull().Messages = 2;
        await storage.WriteStateAsync(StateName, grainId, first);
        first.ETag.ShouldBe("2");

        readState.Messages = 99;
        await Should.ThrowAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, read));

        var fresh = new GrainState<TestConversationState>();
        await storage.WriteStateAsync(StateName, grainId, fresh)
            .ShouldThrowAsync<InconsistentStateException>("a first write for a state that exists is a conflict");
    }

    [Fact]
    public async Task ClearKeepsTheRowAndBumpsTheVersion()
    {
        var storage = await StartAsync(deleteStateOnClear: false);
        var grainId = NewGrainId();
        var state = new GrainState<TestConversationState>(new TestConversationState { Subject = "bye" });
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);

        state.ETag.ShouldBe("2");
        var read = new GrainState<TestConversationState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        read.ETag.ShouldBe("2");
        read.State.ShouldNotBeNull().Subject.ShouldBeEmpty();
    }

    [Fact]
    public async Task ClearWithDeleteStateOnClearRemovesTheRow()
    {
        var storage = await StartAsync(deleteStateOnClear: true);
        var grainId = NewGrainId();
        var state = new GrainState<TestConversationState>(new TestConversationState { Subject = "bye" });
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);

        state.ETag.ShouldBeNull();
        var read = new GrainState<TestConversationState>();
        await storage.ReadStateAsync(StateName, grainId, read);
        read.RecordExists.ShouldBeFalse();
        read.ETag.ShouldBeNull();
    }

    private static GrainId NewGrainId() => GrainId.Create("conversation", $"tenant-a/{Guid.NewGuid():N}");

    private async Task<AdoNetGrainStorage> StartAsync(bool deleteStateOnClear)
    {
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var options = new AdoNetGrainStorageOptions
        {
            Invariant = "Npgsql",
            ConnectionString = fixture.ConnectionString,
            GrainStorageSerializer = new JsonGrainStateSerializer(),
            DeleteStateOnClear = deleteStateOnClear,
        };
        var storage = new AdoNetGrainStorage(
            services.GetRequiredService<IActivatorProvider>(),
            NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(options),
            Options.Create(new ClusterOptions { ClusterId = "test", ServiceId = "linktor-test" }),
            "Default");
        var lifecycle = new CapturingSiloLifecycle();
        storage.Participate(lifecycle);
        await lifecycle.StartAsync(Ct);
        return storage;
    }
}
