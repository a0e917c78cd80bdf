namespace Linktor.Storage.Tests;

/// <summary>The key columns the persistence provider binds for one grain state (K in the query texts).</summary>
internal sealed record StoredGrainKey(
    int GrainIdHash, long GrainIdN0, long GrainIdN1, int GrainTypeHash, string GrainTypeString,
    string? GrainIdExtensionString, string ServiceId)
{
    public static StoredGrainKey ForString(string key, string state = "state") =>
        new(key.GetHashCode(StringComparison.Ordinal), 0, 0, state.GetHashCode(StringComparison.Ordinal), state, key, "linktor-test");

    public OrleansCommand Bind(OrleansCommand command) => command
        .With("GrainIdHash", GrainIdHash)
        .With("GrainIdN0", GrainIdN0)
        .With("GrainIdN1", GrainIdN1)
        .With("GrainTypeHash", GrainTypeHash)
        .With("GrainTypeString", GrainTypeString)
        .With("GrainIdExtensionString", GrainIdExtensionString)
        .With("ServiceId", ServiceId);
}
