using System.Xml.Linq;

namespace Linktor.Architecture.Tests;

/// <summary>The repository these tests read: its projects and their sources.</summary>
public static class Repository
{
    /// <summary><c>LINKTOR_REPO_ROOT</c>, else the nearest directory above the tests holding Linktor.Orleans.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The product's projects (not the tests'), by name.</summary>
    public static IReadOnlyDictionary<string, string> ProductProjects { get; } =
        new[] { "src", "grains", "adapters", "silo", "api" }
            .Select(d => Path.Combine(Root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => p);

    /// <summary>The Linktor projects <paramref name="project"/> references directly.</summary>
    public static IReadOnlyList<string> ReferencesOf(string project) =>
        [.. XDocument.Load(ProductProjects[project]).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)))
            .Order(StringComparer.Ordinal)];

    /// <summary>The Linktor projects <paramref name="project"/> depends on, directly or through others.</summary>
    public static IReadOnlySet<string> DependenciesOf(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>(ReferencesOf(project));
        while (next.TryPop(out var current))
        {
            if (seen.Add(current))
            {
                foreach (var reference in ReferencesOf(current))
                {
                    next.Push(reference);
                }
            }
        }

        return seen;
    }

    /// <summary>The C# sources of the product's projects (build output excluded), as paths relative to the root.</summary>
    public static IEnumerable<string> ProductSources() =>
        ProductProjects.Values
            .Select(Path.GetDirectoryName)
            .SelectMany(d => Directory.EnumerateFiles(d!, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f));

    private static string FindRoot()
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
