using System.Globalization;

namespace Linktor.Bench.Measure;

/// <summary>A process's counters from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
/// <param name="OwnTicks">utime + stime, in clock ticks.</param>
/// <param name="ReapedChildrenTicks">cutime + cstime: CPU of children that exited and were waited for.</param>
public readonly record struct ProcStat(int Pid, int ParentPid, long OwnTicks, long ReapedChildrenTicks, long RssBytes)
{
    /// <summary>USER_HZ: Linux reports CPU times in 1/100 s on every architecture .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    private const long PageSize = 4096;

    public static ProcStat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcStat(pid, (int)Field(4), Field(14) + Field(15), Field(16) + Field(17), Field(24) * PageSize);
    }

    /// <summary>A <c>/proc/&lt;pid&gt;/status</c> field in bytes (VmHWM, VmRSS); null when the process is gone.</summary>
    public static long? StatusBytes(int pid, string field) => KilobyteField($"/proc/{pid}/status", field);

    /// <summary>The live children of <paramref name="parentPid"/> (a single-threaded parent, as the postmaster is).</summary>
    public static IReadOnlyList<ProcStat> Children(int parentPid)
    {
        var children = new List<ProcStat>();
        string? listed = null;
        try
        {
            // The kernel's own list (CONFIG_PROC_CHILDREN): no scan of every process on the machine.
            listed = File.ReadAllText($"/proc/{parentPid}/task/{parentPid}/children");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var pids = listed is not null
            ? listed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            : Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 0);
        foreach (var pid in pids)
        {
            if (Read(pid) is { } stat && stat.ParentPid == parentPid)
            {
                children.Add(stat);
            }
        }

        return children;
    }

    private static long? KilobyteField(string path, string field)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(field, StringComparison.Ordinal) && line.Length > field.Length && line[field.Length] == ':')
                {
                    var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
