using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Linktor.Bench.Measure;

/// <summary>
/// The live managed heap of another .NET process, read without touching its code: <c>dotnet-gcdump</c>
/// (installed by bench.sh under .linktor/bench/tools) induces a full blocking GC through the diagnostics
/// port and walks the heap, so the figure is live bytes, not garbage waiting for collection. Absent
/// tools make every reading null (the report then has RSS only).
/// </summary>
public sealed partial class GcHeapProbe(string? toolsDirectory, string workDirectory)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public bool Available => Tool is not null;

    private string? Tool => toolsDirectory is { Length: > 0 } dir && File.Exists(Path.Combine(dir, "dotnet-gcdump")) ? Path.Combine(dir, "dotnet-gcdump") : null;

    /// <summary>Live heap bytes and every type's bytes and count, or null when the tool is missing or failed.</summary>
    public async Task<GcHeapReading?> ReadAsync(int pid, string label, CancellationToken ct)
    {
        if (Tool is not { } tool)
        {
            return null;
        }

        var file = Path.Combine(workDirectory, $"{label}-{pid}.gcdump");
        var collected = await RunAsync(tool, ["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file, "-t", "170"], ct);
        if (collected is null || !File.Exists(file))
        {
            return null;
        }

        var report = await RunAsync(tool, ["report", file], ct);
        File.Delete(file);
        if (report is null || HeapBytes().Match(report) is not { Success: true } total)
        {
            return null;
        }

        var types = TypeRow().Matches(report)
            .Select(m => new GcTypeSize(m.Groups["type"].Value.Trim(), Number(m.Groups["bytes"].Value), Number(m.Groups["count"].Value)))
            .ToList();
        return new GcHeapReading(Number(total.Groups[1].Value), types);
    }

    private static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task<string?> RunAsync(string tool, string[] args, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
        if (process is null)
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Limit);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return process.ExitCode == 0 ? await output + await errors : null;
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return null;
        }
    }

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapBytes();

    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>\S.*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex TypeRow();
}
