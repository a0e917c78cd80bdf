namespace Linktor.Bench.Infrastructure;

/// <summary>
/// What bench.sh provisioned and built, passed as environment variables: the PostgreSQL server (a
/// superuser connection string and its data directory, for the postmaster's pid), Redis, the build
/// outputs, the work directory and the diagnostics tools.
/// </summary>
public sealed record BenchEnvironment(
    string RepoRoot,
    string WorkDirectory,
    string PostgresAdmin,
    string PostgresDataDirectory,
    string Redis,
    string RedisPidFile,
    string NodeDll,
    string BaselineDll,
    string? ToolsDirectory)
{
    public static BenchEnvironment FromEnvironment()
    {
        string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the benchmarks through ./bench.sh.");

        var root = Required("BENCH_REPO_ROOT");
        return new BenchEnvironment(
            root,
            Required("BENCH_WORKDIR"),
            Required("BENCH_PG_ADMIN"),
            Required("BENCH_PG_DATADIR"),
            Required("BENCH_REDIS"),
            Required("BENCH_REDIS_PIDFILE"),
            Environment.GetEnvironmentVariable("BENCH_NODE_DLL") ?? Path.Combine(root, "api/Linktor.SingleNode/bin/Release/net10.0/Linktor.SingleNode.dll"),
            Environment.GetEnvironmentVariable("BENCH_BASELINE_DLL") ?? Path.Combine(root, "tests/Linktor.Bench.Baseline/bin/Release/net10.0/Linktor.Bench.Baseline.dll"),
            Environment.GetEnvironmentVariable("BENCH_TOOLS_DIR"));
    }

    public string LogDirectory => Path.Combine(WorkDirectory, "logs");

    public int? RedisPid => File.Exists(RedisPidFile) && int.TryParse(File.ReadAllText(RedisPidFile).Trim(), out var pid) ? pid : null;
}
