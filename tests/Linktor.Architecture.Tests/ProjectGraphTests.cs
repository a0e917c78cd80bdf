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
}
