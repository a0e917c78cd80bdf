using Linktor.Cluster.Tests.Infrastructure;
using Xunit;

// One cluster for the assembly; its tests kill, drain and restart parts of it, so they run one at a time.
[assembly: AssemblyFixture(typeof(ClusterFixture))]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
