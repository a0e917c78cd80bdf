using System.Net;
using System.Text.RegularExpressions;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>A silo or API node started by cluster.sh, as one line of its output describes it.</summary>
public sealed partial record ClusterNode(string Name, int Pid, Uri Http, IPEndPoint? SiloEndpoint = null, IPEndPoint? GatewayEndpoint = null)
{
    public bool IsSilo => Name.StartsWith("silo-", StringComparison.Ordinal);

    public bool IsAlive => ProcessState.IsAlive(Pid);

    /// <summary>
    /// Parses cluster.sh's node lines: <c>silo-1 pid=4242 state=running http=http://127.0.0.1:41001 silo=127.0.0.1:41002
    /// gateway=127.0.0.1:41003</c> (API nodes have no silo and gateway ports).
    /// </summary>
    public static IReadOnlyList<ClusterNode> Parse(string output) =>
        [.. NodeLine().Matches(output).Select(m => new ClusterNode(m.Groups[1].Value, int.Parse(m.Groups[2].Value), new Uri(m.Groups[3].Value),
            m.Groups[4].Success ? IPEndPoint.Parse(m.Groups[4].Value) : null, m.Groups[5].Success ? IPEndPoint.Parse(m.Groups[5].Value) : null))];

    [GeneratedRegex(@"^((?:silo|api)-\d+)\s+pid=(\d+)\s+(?:state=\S+\s+)?http=(\S+)(?:\s+silo=(\S+)\s+gateway=(\S+))?", RegexOptions.Multiline)]
    private static partial Regex NodeLine();
}
