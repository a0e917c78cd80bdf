using System.Diagnostics;
using System.Reflection;
using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Each executable knows its <c>Linktor:Hosting:Mode</c>: the API node (api/Linktor.Api) is a cluster's Orleans client,
/// the single node (api/Linktor.SingleNode) co-hosts the silo. Started in the other's mode, each refuses at once and
/// names the host that runs that mode, instead of starting as something it is not.
/// </summary>
public sealed class HostingModeTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheApiNodeRefusesToStartInSingleNodeMode()
    {
        var (exitCode, output) = await RunUntilExitAsync(BuildOutput("api/Linktor.Api", "Linktor.Api.dll"), "SingleNode");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("Linktor:Hosting:Mode=Cluster");
        output.ShouldContain("api/Linktor.SingleNode");
    }

    [Fact]
    public async Task TheSingleNodeRefusesToStartInClusterMode()
    {
        var (exitCode, output) = await RunUntilExitAsync(NodeProcess.NodeDll, "Cluster");

        exitCode.ShouldNotBe(0);
        output.ShouldContain("Linktor:Hosting:Mode=SingleNode");
        output.ShouldContain("silo/Linktor.Silo and api/Linktor.Api");
    }

    private static string BuildOutput(string project, string dll)
    {
        var configuration = typeof(HostingModeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(NodeProcess.RepoRoot, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution ({configuration}) first: {path} is missing.", path);
    }

    /// <summary>Starts <paramref name="dll"/> in <paramref name="mode"/> (nothing else it could reach is configured) and waits for it to end.</summary>
    private static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string dll, string mode)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Linktor__Hosting__Mode"] = mode;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new ShouldAssertException($"{Path.GetFileName(dll)} in {mode} mode was still running after {ExitTimeout}: it should refuse to start.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
