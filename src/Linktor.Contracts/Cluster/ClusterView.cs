namespace Linktor.Contracts.Cluster;

/// <summary>One silo's view of the membership: its version and the silos declared dead in it.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ClusterView")]
public sealed record ClusterView(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<SiloAddress> Dead);
