namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// Whether a pid is alive. The nodes are not children of the test process (cluster.sh started them in their
/// own sessions), so this reads /proc; a zombie nobody reaps counts as dead.
/// </summary>
public static class ProcessState
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
