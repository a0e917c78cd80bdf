using System.Reflection;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>Where the repository, its build output and the test workspace are.</summary>
public static class Paths
{
    /// <summary><c>LINKTOR_REPO_ROOT</c>, else the nearest directory above the tests holding Linktor.Orleans.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The build configuration of these tests (Release under ./test.sh); the silo and API run from the same one.</summary>
    public static string Configuration { get; } =
        typeof(Paths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The cluster's workspace: <c>$LINKTOR_TEST_WORKDIR/cluster</c> under ./test.sh, else <c>.linktor/cluster-tests</c>.</summary>
    public static string ClusterDir { get; } = Workspace("cluster");

    /// <summary>
    /// A workspace of a test class's own, beside the cluster's: <c>$LINKTOR_TEST_WORKDIR/{name}</c> under ./test.sh, else
    /// <c>.linktor/{name}-tests</c>.
    /// </summary>
    public static string Workspace(string name) => Environment.GetEnvironmentVariable("LINKTOR_TEST_WORKDIR") is { Length: > 0 } work
        ? Path.Combine(work, name)
        : Path.Combine(RepoRoot, ".linktor", name + "-tests");

    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("LINKTOR_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Linktor.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Set LINKTOR_REPO_ROOT: no Linktor.Orleans.sln above " + AppContext.BaseDirectory);
    }
}
