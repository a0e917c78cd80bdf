using System.Globalization;

namespace Linktor.Bench.Infrastructure;

/// <summary>
/// The pids of the processes this run started, one a line in a file bench.sh reads on exit: if the
/// driver itself is killed, bench.sh still stops what it left running (by pid, never by name).
/// </summary>
public static class PidRegistry
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Live = [];
    private static string? _file;

    public static void Use(string file)
    {
        lock (Gate)
        {
            _file = file;
            Write();
        }
    }

    public static void Add(int pid)
    {
        lock (Gate)
        {
            Live.Add(pid);
            Write();
        }
    }

    public static void Remove(int pid)
    {
        lock (Gate)
        {
            Live.Remove(pid);
            Write();
        }
    }

    private static void Write()
    {
        if (_file is not null)
        {
            File.WriteAllLines(_file, Live.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
