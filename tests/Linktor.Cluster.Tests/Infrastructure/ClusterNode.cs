using System.Text.RegularExpressions;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>A silo or API node started by cluster.sh, as one line of its output describes it.</summary>
public sealed partial record ClusterNode(string Name, int Pid, Uri Http)
{
    public bool IsSilo => Name.StartsWith("silo-", StringComparison.Ordinal);

    public bool IsAlive => ProcessState.IsAlive(Pid);

    /// <summary>Parses cluster.sh's node lines: <c>silo-1 pid=4242 state=running http=http://127.0.0.1:41001 ...</c>.</summary>
    public static IReadOnlyList<ClusterNode> Parse(string output) =>
        [.. NodeLine().Matches(output).Select(m => new ClusterNode(m.Groups[1].Value, int.Parse(m.Groups[2].Value), new Uri(m.Groups[3].Value)))];

    [GeneratedRegex(@"^((?:silo|api)-\d+)\s+pid=(\d+)\s+(?:state=\S+\s+)?http=(\S+)", RegexOptions.Multiline)]
    private static partial Regex NodeLine();
}
