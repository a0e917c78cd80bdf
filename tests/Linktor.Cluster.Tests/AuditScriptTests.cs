using Linktor.Cluster.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// deploy/local/audit.sh, test.sh's check for known-vulnerable packages, run against stand-ins for <c>dotnet</c>,
/// <c>curl</c> and <c>npm</c> that answer as a registry with and without vulnerability data would (this machine's
/// NuGet mirror publishes none and its npm registry answers no audits, so the real tools only ever show the skips).
/// </summary>
public sealed class AuditScriptTests : IDisposable
{
    private const string Feed = "https://feed.test/v3/index.json";

    private const string IndexWithVulnerabilityData = """
        {"version":"3.0.0","resources":[{"@id":"https://feed.test/v3/flat/","@type":"PackageBaseAddress/3.0.0"},
          {"@id":"https://feed.test/v3/vulnerabilities/index.json","@type":"VulnerabilityInfo/6.7.0"}]}
        """;

    private const string IndexWithout = """{"version":"3.0.0","resources":[{"@id":"https://feed.test/v3/flat/","@type":"PackageBaseAddress/3.0.0"}]}""";

    /// <summary>`dotnet list package --vulnerable --include-transitive --format json` with one vulnerable transitive package.</summary>
    private const string VulnerableReport = """
        {"version":1,"parameters":"--vulnerable --include-transitive","sources":["https://feed.test/v3/index.json"],
         "projects":[{"path":"/repo/src/Linktor.Storage/Linktor.Storage.csproj","frameworks":[{"framework":"net10.0",
           "topLevelPackages":[],
           "transitivePackages":[{"id":"Newtonsoft.Json","resolvedVersion":"12.0.3",
             "vulnerabilities":[{"severity":"High","advisoryurl":"https://github.com/advisories/GHSA-5crp-9r3c-p9vr"}]}]}]},
           {"path":"/repo/src/Linktor.Contracts/Linktor.Contracts.csproj"}]}
        """;

    private const string CleanReport = """
        {"version":1,"parameters":"--vulnerable --include-transitive","sources":["https://feed.test/v3/index.json"],
         "projects":[{"path":"/repo/src/Linktor.Storage/Linktor.Storage.csproj"}]}
        """;

    private const string NpmVulnerable = """
        {"auditReportVersion":2,"vulnerabilities":{"lodash":{"name":"lodash","severity":"high","range":"<4.17.21",
          "via":[{"title":"Command Injection","url":"https://github.com/advisories/GHSA-35jh-r3h4-6jhm"}]}},
         "metadata":{"vulnerabilities":{"info":0,"low":0,"moderate":0,"high":1,"critical":0,"total":1}}}
        """;

    private const string NpmClean = """
        {"auditReportVersion":2,"vulnerabilities":{},"metadata":{"vulnerabilities":{"info":0,"low":0,"moderate":0,"high":0,"critical":0,"total":0}}}
        """;

    private const string NpmUnsupported = """
        {"message":"405 Method Not Allowed - POST https://registry.test/-/npm/v1/security/advisories/bulk","method":"POST","statusCode":405,"body":""}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("linktor-audit-").FullName;

    [Fact]
    public async Task AKnownVulnerableTransitivePackageFailsTheCheckAndIsNamed()
    {
        var (exit, output) = await AuditDotnetAsync(IndexWithVulnerabilityData, VulnerableReport);

        exit.ShouldBe(1);
        output.ShouldContain("FAILED NuGet packages");
        output.ShouldContain("Newtonsoft.Json 12.0.3 (High https://github.com/advisories/GHSA-5crp-9r3c-p9vr) in Linktor.Storage.csproj");
    }

    [Fact]
    public async Task NoVulnerablePackagePassesWhenTheSourcePublishesVulnerabilityData()
    {
        var (exit, output) = await AuditDotnetAsync(IndexWithVulnerabilityData, CleanReport);

        exit.ShouldBe(0);
        output.ShouldContain("passed NuGet packages");
    }

    [Fact]
    public async Task ASourceWithoutVulnerabilityDataIsASkipThatSaysSoNotAPass()
    {
        // The report would name a vulnerable package: with no data behind it, dotnet's "none" would mean nothing.
        var (exit, output) = await AuditDotnetAsync(IndexWithout, VulnerableReport);

        exit.ShouldBe(0);
        output.ShouldContain("SKIPPED NuGet packages: no package source publishes vulnerability data");
        output.ShouldContain(Feed);
        output.ShouldNotContain("passed");
    }

    [Theory]
    [InlineData(nameof(NpmVulnerable), 1, 1, "FAILED npm packages in app: 1 known-vulnerable production dependencies")]
    [InlineData(nameof(NpmClean), 0, 0, "passed npm packages in app")]
    [InlineData(nameof(NpmUnsupported), 1, 0, "SKIPPED npm packages in app: the registry does not answer audits (405 Method Not Allowed")]
    public async Task NpmAuditFailsOnAVulnerableProductionDependencyAndSkipsARegistryWithoutAudits(string answer, int npmExit, int exit, string said)
    {
        var report = answer switch
        {
            nameof(NpmVulnerable) => NpmVulnerable,
            nameof(NpmClean) => NpmClean,
            _ => NpmUnsupported,
        };
        var app = Directory.CreateDirectory(Path.Combine(_dir, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "package-lock.json"), "{}", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "npm.json"), report, TestContext.Current.CancellationToken);
        await WriteToolAsync("npm", $$"""
            [[ "$*" == "audit --omit=dev --json" ]] || { echo "unexpected: npm $*" >&2; exit 9; }
            cat '{{_dir}}/npm.json'
            exit {{npmExit}}
            """);

        var (code, output) = await RunAsync($"deploy/local/audit.sh npm '{app}'");

        code.ShouldBe(exit);
        output.ShouldContain(said);
        if (exit == 1)
        {
            output.ShouldContain("lodash <4.17.21 (high, https://github.com/advisories/GHSA-35jh-r3h4-6jhm)");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Output)> AuditDotnetAsync(string index, string report)
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "index.json"), index, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "report.json"), report, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "App.sln"), "", TestContext.Current.CancellationToken);
        await WriteToolAsync("dotnet", $"""
            case "$*" in
              "nuget list source --format short") echo "E {Feed}" ;;
              "list {_dir}/App.sln package --vulnerable --include-transitive --format json") cat '{_dir}/report.json' ;;
              *) echo "unexpected: dotnet $*" >&2; exit 9 ;;
            esac
            """);
        await WriteToolAsync("curl", $$"""
            [[ "${!#}" == "{{Feed}}" ]] || exit 22
            cat '{{_dir}}/index.json'
            """);
        return await RunAsync($"deploy/local/audit.sh dotnet '{_dir}/App.sln'");
    }

    /// <summary>A stand-in for <paramref name="name"/> in a folder put first on PATH.</summary>
    private async Task WriteToolAsync(string name, string body)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var path = Path.Combine(bin, name);
        await File.WriteAllTextAsync(path, "#!/usr/bin/env bash\n" + body + "\n", TestContext.Current.CancellationToken);
    }

    private async Task<(int Exit, string Output)> RunAsync(string command)
    {
        var output = await Shell.RunAsync($"""
            chmod +x '{Path.Combine(_dir, "bin")}'/*
            export PATH='{Path.Combine(_dir, "bin")}':"$PATH"
            set +e
            {command} 2>&1
            echo "exit=$?"
            """);
        var lines = output.TrimEnd().Split('\n');
        return (int.Parse(lines[^1]["exit=".Length..]), output);
    }
}
