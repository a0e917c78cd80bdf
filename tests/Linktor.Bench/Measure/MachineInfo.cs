using System.Runtime.InteropServices;

namespace Linktor.Bench.Measure;

/// <summary>The machine a report was measured on.</summary>
public sealed record MachineInfo(string CpuModel, int Cores, double MemoryGb, string Kernel, string Os)
{
    public static MachineInfo Read()
    {
        var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':') + 1)..].Trim()
            : RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } mem
            ? long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault() ?? Environment.OSVersion.VersionString;
        return new MachineInfo(cpu, Environment.ProcessorCount, Math.Round(memKb / 1024.0 / 1024.0, 1), kernel, RuntimeInformation.OSDescription);
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
