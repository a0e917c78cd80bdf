using Shouldly;
using Xunit;

namespace Linktor.Architecture.Tests;

/// <summary>Which project may reference which: the arrows of ARCHITECTURE.md's layout, read from the project files.</summary>
public sealed class ProjectGraphTests
{
    [Fact]
    public void TheContractsReferenceNoOtherLinktorProject() =>
        Repository.ReferencesOf("Linktor.Contracts").ShouldBeEmpty();

    [Fact]
    public void AdaptersReferenceOnlyTheAdapterAbstractionsAndTheContracts()
    {
        foreach (var adapter in Repository.ProductProjects.Keys.Where(p => p.StartsWith("Linktor.Adapters.", StringComparison.Ordinal) && p != "Linktor.Adapters.Abstractions"))
        {
            Repository.DependenciesOf(adapter).ShouldBeSubsetOf(["Linktor.Adapters.Abstractions", "Linktor.Contracts"], adapter);
        }
    }

    [Fact]
    public void TheApiReferencesOnlyTheContractsAndStorage() =>
        Repository.DependenciesOf("Linktor.Api").ShouldBeSubsetOf(["Linktor.Contracts", "Linktor.Storage"]);

    [Fact]
    public void OnlyTheSiloHostingReferencesTheGrains() =>
        ProjectsReferencing("Linktor.Grains").ShouldBe(["Linktor.Silo.Hosting"]);

    [Fact]
    public void OnlyTheSiloAndSingleNodeHostsReferenceTheSiloHosting() =>
        ProjectsReferencing("Linktor.Silo.Hosting").ShouldBe(["Linktor.Silo", "Linktor.SingleNode"]);

    [Fact]
    public void OnlyTheSiloHostingReferencesTheChannelAdapters()
    {
        foreach (var adapter in Repository.ProductProjects.Keys.Where(p => p.StartsWith("Linktor.Adapters.", StringComparison.Ordinal) && p != "Linktor.Adapters.Abstractions"))
        {
            ProjectsReferencing(adapter).ShouldBe(["Linktor.Silo.Hosting"], adapter);
        }
    }

    /// <summary>The product projects that reference <paramref name="project"/> directly, in ordinal order.</summary>
    private static List<string> ProjectsReferencing(string project) =>
        [.. Repository.ProductProjects.Keys.Where(p => Repository.ReferencesOf(p).Contains(project)).Order(StringComparer.Ordinal)];
}
