using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Linktor.Bench.Reports;

/// <summary>Writes <c>&lt;scenario&gt;-&lt;YYYY-MM-DD&gt;.md</c> and <c>.json</c>.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static (string Markdown, string Json) Write(ScenarioReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{report.Scenario}-{report.StartedAt:yyyy-MM-dd}");
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(report, Json) + "\n");
        File.WriteAllText(stem + ".md", Markdown(report));
        return (stem + ".md", stem + ".json");
    }

    public static string Markdown(ScenarioReport r)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark `{r.Scenario}`: {r.Title} — {r.StartedAt:yyyy-MM-dd}");
        md.AppendLine();
        if (r.HarnessCheck)
        {
            md.AppendLine("> **HARNESS CHECK (`--quick`) — not a result.** Short rounds and small populations on a shared machine:");
            md.AppendLine("> these numbers only show that the instrument works end to end.");
            md.AppendLine();
        }

        if (r.Failure is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"> **The scenario stopped early:** {r.Failure}");
            md.AppendLine();
        }

        md.AppendLine(r.Description);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Started {r.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, {r.WallSeconds:0} s wall time. `.json` beside this file holds every figure.");
        md.AppendLine();

        if (r.Figures.Count > 0)
        {
            md.AppendLine("## Results");
            md.AppendLine();
            md.AppendLine("| figure | value | target | met |");
            md.AppendLine("| --- | ---: | --- | --- |");
            foreach (var f in r.Figures)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {f.Name} | {(f.Value is { } v ? ReportFormat.Number(v) : "–")} {f.Unit} | {f.Target ?? ""} | {(f.Met switch { true => "yes", false => "**no**", null => "" })} |");
            }

            md.AppendLine();
        }

        foreach (var table in r.Tables)
        {
            WriteTable(md, table);
        }

        var loadRounds = r.Rounds.Where(x => x.Mode != "observe").ToList();
        if (loadRounds.Count > 0)
        {
            md.AppendLine("## Rounds");
            md.AppendLine();
            md.AppendLine("Latency in ms; an open loop's counts from each request's due time. Lag: how late requests went out after their due time — waiting for a free connection while the server is slow, or the generator itself falling behind (then it shows while the server keeps up).");
            md.AppendLine();
            md.AppendLine("| round | system | loop | conns | rate/s | s | answers | 2xx/s | errors | p50 | p90 | p99 | p99.9 | max | lag p99 |");
            md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var x in loadRounds)
            {
                var errors = x.ByStatus.Where(s => !(s.Key.Length == 3 && s.Key[0] == '2')).Select(s => $"{s.Key}: {s.Value:#,0}").ToList();
                if (x.Unsent > 0)
                {
                    errors.Add($"unsent: {x.Unsent:#,0}");
                }

                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {x.Name} | {x.System} | {x.Mode} | {x.Connections} | {ReportFormat.Cell(x.Rate)} | {ReportFormat.Number(x.DurationSeconds)} | {x.Requests:#,0} | {ReportFormat.Number(x.Throughput)} | {(errors.Count == 0 ? "0" : string.Join(", ", errors))} | {ReportFormat.Number(x.Latency.P50)} | {ReportFormat.Number(x.Latency.P90)} | {ReportFormat.Number(x.Latency.P99)} | {ReportFormat.Number(x.Latency.P999)} | {ReportFormat.Number(x.Latency.Max)} | {(x.ScheduleLag is { } lag ? ReportFormat.Number(lag.P99) : "–")} |");
            }

            md.AppendLine();
        }

        if (r.Rounds.Count > 0)
        {
            md.AppendLine("## CPU and memory per round");
            md.AppendLine();
            md.AppendLine("From /proc: CPU = utime+stime during the round (cores = CPU seconds per second; 2 cores is the whole machine); "
                + "memory = the highest sample (every 250 ms; PostgreSQL: private memory of all its processes plus its shared memory once, every 1 s); HWM = VmHWM (lifetime peak RSS).");
            md.AppendLine();
            var names = r.Rounds.SelectMany(x => x.Processes.Select(p => p.Name)).Distinct().ToList();
            md.AppendLine("| round | " + string.Join(" | ", names.Select(n => $"{n} cores")) + " | " + string.Join(" | ", names.Select(n => $"{n} MB")) + " |");
            md.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", names.Count * 2)));
            foreach (var x in r.Rounds)
            {
                string Cores(string n) => x.Processes.FirstOrDefault(p => p.Name == n) is { } p ? ReportFormat.Number(p.CpuCores) : "–";
                string Mem(string n) => x.Processes.FirstOrDefault(p => p.Name == n) is { } p
                    ? ReportFormat.Number(p.PeakMemoryMb) + (p.HighWaterMb is { } h ? $" (HWM {ReportFormat.Number(h)})" : "")
                    : "–";
                md.AppendLine($"| {x.Name} | " + string.Join(" | ", names.Select(Cores)) + " | " + string.Join(" | ", names.Select(Mem)) + " |");
            }

            md.AppendLine();
        }

        md.AppendLine("## Settings");
        md.AppendLine();
        md.AppendLine("| setting | value |");
        md.AppendLine("| --- | --- |");
        foreach (var (key, value) in r.Settings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {value} |");
        }

        md.AppendLine();
        md.AppendLine("## Machine and versions");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {r.Machine.CpuModel}, {r.Machine.Cores} cores |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| memory | {r.Machine.MemoryGb} GiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| kernel | {r.Machine.Kernel} ({r.Machine.Os}) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| .NET | SDK {r.Versions.DotnetSdk}, runtime {r.Versions.DotnetRuntime} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL | {r.Versions.Postgres} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Redis | {r.Versions.Redis} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Orleans | {r.Versions.Orleans} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| git commit | {r.Versions.GitCommit} |");
        md.AppendLine();
        if (r.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in r.Notes)
            {
                md.AppendLine("- " + note);
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static void WriteTable(StringBuilder md, ReportTable table)
    {
        md.AppendLine("## " + table.Title);
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", table.Columns) + " |");
        md.AppendLine("|" + string.Concat(table.Columns.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        foreach (var row in table.Rows)
        {
            md.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        md.AppendLine();
    }
}
