namespace Linktor.Bench.Measure;

/// <summary>The software measured: bench.sh passes what it found (BENCH_VERSION_*), the runtime is this process's.</summary>
public sealed record VersionInfo(string DotnetSdk, string DotnetRuntime, string Postgres, string Redis, string Orleans, string GitCommit)
{
    public static VersionInfo FromEnvironment() => new(
        Env("BENCH_VERSION_DOTNET_SDK"),
        Environment.Version.ToString(),
        Env("BENCH_VERSION_POSTGRES"),
        Env("BENCH_VERSION_REDIS"),
        Env("BENCH_VERSION_ORLEANS"),
        Env("BENCH_VERSION_GIT"));

    private static string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : "unknown";
}
