using Linktor.Grains.Tests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(ClusterFixture))]
