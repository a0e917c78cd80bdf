using System.Diagnostics;
using System.Text;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>Runs bash scripts (cluster.sh, deploy/local/lib.sh functions) and returns their stdout, failing with their output.</summary>
public static class Shell
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Runs <paramref name="script"/> with <c>bash -c</c> in the repository root, with <paramref name="environment"/> added.</summary>
    public static async Task<string> RunAsync(string script, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", "set -euo pipefail\n" + script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Paths.RepoRoot,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"bash did not finish in time: {script}{Environment.NewLine}{stderr}");
        }

        process.WaitForExit(); // drains the output events
        return process.ExitCode == 0
            ? stdout.ToString()
            : throw new InvalidOperationException($"bash exited {process.ExitCode}: {script}{Environment.NewLine}{stderr}{stdout}");
    }

    /// <summary><paramref name="value"/> as one single-quoted bash word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is not null)
        {
            lock (sb)
            {
                sb.AppendLine(line);
            }
        }
    }
}
