using Linktor.Contracts.Common;
using Linktor.Storage.Json;
using Orleans.Storage;

namespace Linktor.Grains.Hosting;

/// <summary>
/// The grain storage every Linktor grain uses, around the AdoNet provider: "PostgreSQL is unreachable" comes out as
/// <see cref="BackingServiceUnavailableException"/>. <see cref="DatabaseUnavailableFilter"/> cannot do this for state
/// reads, which run while a grain activates, before any call reaches the grain (a new tenant, a conversation after a
/// restart); the runtime then sends the storage's exception back to the caller, and Npgsql's cannot be serialized to
/// an API node, which answered 500 instead of 503.
/// </summary>
public sealed class DatabaseUnavailableGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(inner.ReadStateAsync(stateName, grainId, grainState));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translate(inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(inner.WriteStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translate(inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(inner.ClearStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Translate(inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken));

    private static async Task Translate(Task operation)
    {
        try
        {
            await operation;
        }
        catch (Exception ex) when (ex is not BackingServiceUnavailableException && DatabaseAvailability.IsUnavailable(ex))
        {
            throw new BackingServiceUnavailableException($"PostgreSQL is unavailable ({ex.GetType().Name}: {ex.Message})");
        }
    }
}
