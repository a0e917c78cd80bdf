namespace Linktor.Adapters.Tests;

/// <summary>The provider payloads in <c>../shared/fixtures</c> (next to the repository), read as their exact bytes.</summary>
public static class Fixtures
{
    public static string Directory { get; } = Find();

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public static IEnumerable<string> Named(string prefix) =>
        System.IO.Directory.EnumerateFiles(Directory, prefix + "*").Select(Path.GetFileName).OfType<string>().Order();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures");
            if (System.IO.Directory.Exists(candidate) && File.Exists(Path.Combine(candidate, "README.md")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException("../shared/fixtures was not found beside the repository.");
    }
}
