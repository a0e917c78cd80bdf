using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace Linktor.Architecture.Tests;

/// <summary>One naming style for tests across the projects: sentences in PascalCase, as the test reports list them.</summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void EveryTestMethodIsNamedInPascalCase()
    {
        var tests = Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => TestMethod().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Groups["name"].Value}"))
            .ToList();

        tests.Count.ShouldBeGreaterThan(500, "the scan finds the tests");
        tests.Where(t => t.Split(": ")[1].Contains('_', StringComparison.Ordinal) || !char.IsUpper(t.Split(": ")[1][0])).ShouldBeEmpty();
    }

    // A [Fact] or [Theory], any attributes after it, then the method's name.
    [GeneratedRegex(@"\[(Fact|Theory)\b[^\]]*\]\s*(\[[^\]]*\]\s*)*public\s+(async\s+)?[\w<>]+\s+(?<name>\w+)\s*\(")]
    private static partial Regex TestMethod();
}
