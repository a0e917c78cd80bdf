using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Linktor.Cluster.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// deploy/local/lib.sh hands out ports that are free when picked, but a node binds its ports only seconds after
/// cluster.sh gave them to it, so until then they look free: the ports of one run must also differ from each other
/// (cluster.sh once gave api-2, as its HTTP port, the silo port it had just given silo-3).
/// </summary>
public sealed partial class PortAllocationTests(ClusterFixture cluster)
{
    /// <summary>
    /// As many picks as a cluster of 160-odd nodes takes, none of them bound. Picked at random from the ~12 700 ports
    /// outside the kernel's ephemeral range, 500 ports repeat one ~10 times on average: a run without a repeat
    /// would be about 1 in 15 000 if picks did not remember each other.
    /// </summary>
    private const int Picks = 500;

    [Fact]
    public async Task EveryPortOneRunHandsOutIsDistinct()
    {
        var output = await Shell.RunAsync($$"""
            source deploy/local/lib.sh
            work=$(mktemp -d)
            trap 'rm -rf -- "$work"' EXIT
            LINKTOR_PORT_REGISTRY=$work/ports
            for ((i = 0; i < {{Picks}}; i++)); do
              port=$(linktor_free_port)
              printf '%s\n' "$port"
            done
            """, timeout: TimeSpan.FromMinutes(3));

        var ports = Ports(output);
        ports.Count.ShouldBe(Picks);
        ports.ShouldAllBe(p => p >= 1024 && p <= 65535);
        Repeated(ports).ShouldBeEmpty("no port is handed out twice in one run");
    }

    [Fact]
    public async Task AStartReusesItsPreviousPortOnlyWhenItIsFreeAndNotHandedOutInThisRun()
    {
        // A port something listens on, and one this run handed out a moment ago (not bound yet): lib.sh's start
        // functions would reuse either as an instance's previous port if they only asked whether it is bound.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = ((IPEndPoint)listener.LocalEndpoint).Port;
        var output = await Shell.RunAsync($"""
            source deploy/local/lib.sh
            work=$(mktemp -d)
            trap 'rm -rf -- "$work"' EXIT
            LINKTOR_PORT_REGISTRY=$work/ports
            first=$(linktor_free_port)
            again=$(_lk_pick_port "" "$first")
            other=$(_lk_pick_port "" {busy})
            printf '%s\n' "$first" "$again" "$other"
            """);

        var (first, again, other) = Ports(output) is [var a, var b, var c] ? (a, b, c) : throw new InvalidOperationException(output);
        again.ShouldNotBe(first, "a port handed out earlier in the run is not handed out again, bound or not");
        other.ShouldNotBe(busy, "a port in use is not handed out");
        other.ShouldNotBe(first);
        other.ShouldNotBe(again);
    }

    [Fact]
    public async Task TheClusterOfTheseTestsGotDistinctPortsAllRecordedInItsRun()
    {
        var nodes = await File.ReadAllLinesAsync(Path.Combine(ClusterFixture.Dir, "nodes"), TestContext.Current.CancellationToken);
        var backing = await File.ReadAllTextAsync(Path.Combine(ClusterFixture.Dir, "backing.env"), TestContext.Current.CancellationToken);
        var ports = nodes.SelectMany(line => NodePort().Matches(line).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .Concat(BackingPort().Matches(backing).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .ToList();
        // 3 ports a silo, 1 an API node (every node started since `start`, those that exited included), PostgreSQL, Redis.
        ports.Count.ShouldBe((3 * cluster.Nodes.Count(n => n.IsSilo)) + cluster.ApiNodes.Count + 2);
        Repeated(ports).ShouldBeEmpty("cluster.sh hands every port out once");

        var recorded = Ports(await File.ReadAllTextAsync(Path.Combine(ClusterFixture.Dir, "ports"), TestContext.Current.CancellationToken));
        ports.Except(recorded).ShouldBeEmpty("every port cluster.sh handed out is in its run's registry");
    }

    private static List<int> Ports(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];

    private static List<int> Repeated(IEnumerable<int> ports) => [.. ports.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>The ports of a <c>nodes</c> line: <c>http=http://127.0.0.1:41001 silo=127.0.0.1:41002 gateway=127.0.0.1:41003</c>.</summary>
    [GeneratedRegex(@"(?:http|silo|gateway)=\S*:(\d+)\b")]
    private static partial Regex NodePort();

    /// <summary>PostgreSQL's <c>Port=N</c> and Redis's <c>127.0.0.1:N</c> in backing.env.</summary>
    [GeneratedRegex(@"(?:Port=|127\.0\.0\.1:)(\d+)")]
    private static partial Regex BackingPort();
}
