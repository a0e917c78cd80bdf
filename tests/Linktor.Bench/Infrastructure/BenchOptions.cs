using System.Globalization;

namespace Linktor.Bench.Infrastructure;

/// <summary>
/// Every knob of a run, each with a full default and a <c>--quick</c> one (short rounds and small
/// populations: a check that the harness works, not a measurement). Set one with <c>--name value</c>
/// or the environment variable <c>BENCH_NAME</c> (upper case, '-' → '_'); the flag wins.
/// </summary>
public sealed class BenchOptions
{
    /// <summary>name → (full default, quick default, meaning).</summary>
    public static readonly IReadOnlyDictionary<string, (string Full, string Quick, string Meaning)> Known =
        new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
        {
            ["round-seconds"] = ("15", "3", "length of each measured round"),
            ["warmup-seconds"] = ("5", "1", "warm-up before a target's first measured round (listed as warm-up, in no figure)"),
            ["sustained-seconds"] = ("60", "5", "send: the sustained Linktor round"),
            ["pairs"] = ("2", "2", "send: alternating Linktor/baseline closed-loop round pairs"),
            ["connections"] = ("64", "64", "send: closed-loop connections"),
            ["open-connections"] = ("256", "64", "connections an open loop may use (requests wait for a free one, counted in latency)"),
            ["tenants"] = ("100", "10", "send: tenants"),
            ["conversations-per-tenant"] = ("10", "10", "send: conversations per tenant"),
            ["send-rates"] = ("1000,2500,5000,7500", "500,1000", "send: open-loop rates (requests/s)"),
            ["inbound-rates"] = ("200,500,1000,2000", "100,200", "inbound: webhook rates (webhooks/s)"),
            ["senders"] = ("200", "50", "inbound: WhatsApp senders (one conversation each)"),
            ["agents"] = ("1000", "50", "fanout: connected agents of one tenant"),
            ["fanout-rates"] = ("5,20,50", "5", "fanout: sends/s"),
            ["fanout-conversations"] = ("10", "5", "fanout: conversations the sends go to"),
            ["sockets"] = ("10000", "500", "connections: idle /hubs/inbox connections"),
            ["sockets-per-user"] = ("100", "50", "connections: connections per agent"),
            ["idle-conversations"] = ("100000", "2000", "idle: conversations activated"),
            ["cold-rates"] = ("200,500", "100", "idle: first messages to cold conversations, per second"),
            ["provider-rates"] = ("500,2000", "200", "provider: open-loop sends/s per channel"),
            ["provider-recipients"] = ("1000", "50", "provider: recipients (conversations) per channel"),
            ["backlog"] = ("1000000", "2000", "provider: messages queued while the channel is disabled"),
            ["provider-latency-ms"] = ("20", "20", "provider: how long the fake providers take to answer a send"),
            ["slow-provider-latency-ms"] = ("1000", "1000", "provider: the slow provider the backlog waits for"),
            ["slow-seconds"] = ("30", "5", "provider: how long memory is watched while the backlog waits"),
            ["drain-timeout-seconds"] = ("900", "90", "provider: the longest a backlog may take to drain"),
        };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private BenchOptions(bool quick, string? output, IReadOnlyList<string> scenarios)
    {
        Quick = quick;
        OutputDirectory = output;
        Scenarios = scenarios;
    }

    public bool Quick { get; }

    /// <summary>Where reports go (default: docs/benchmarks, or .linktor/bench/reports for --quick).</summary>
    public string? OutputDirectory { get; }

    public IReadOnlyList<string> Scenarios { get; }

    /// <summary>The settings in force, for the report.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    public static BenchOptions Parse(IReadOnlyList<string> args, IReadOnlyList<string> allScenarios)
    {
        var quick = args.Contains("--quick") || Environment.GetEnvironmentVariable("BENCH_QUICK") == "1";
        string? output = Environment.GetEnvironmentVariable("BENCH_OUT");
        var scenarios = new List<string>();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                continue;
            }

            if (arg == "--out" && i + 1 < args.Count)
            {
                output = args[++i];
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && Known.ContainsKey(arg[2..]) && i + 1 < args.Count)
            {
                flags[arg[2..]] = args[++i];
            }
            else if (allScenarios.Contains(arg))
            {
                scenarios.Add(arg);
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{arg}'. Scenarios: {string.Join(", ", allScenarios)}; options: --quick, --out DIR, "
                    + string.Join(", ", Known.Keys.Select(k => "--" + k)));
            }
        }

        var options = new BenchOptions(quick, output, scenarios.Count > 0 ? scenarios : allScenarios);
        foreach (var (name, (full, quickValue, _)) in Known)
        {
            var env = Environment.GetEnvironmentVariable("BENCH_" + name.ToUpperInvariant().Replace('-', '_'));
            options._values[name] = flags.GetValueOrDefault(name) ?? (env is { Length: > 0 } ? env : quick ? quickValue : full);
        }

        return options;
    }

    public int Int(string name) => int.Parse(_values[name], CultureInfo.InvariantCulture);

    public TimeSpan Seconds(string name) => TimeSpan.FromSeconds(double.Parse(_values[name], CultureInfo.InvariantCulture));

    public IReadOnlyList<double> Rates(string name) =>
        [.. _values[name].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => double.Parse(r, CultureInfo.InvariantCulture))];

    public static string Usage() => string.Join('\n', Known.Select(k => $"  --{k.Key,-26} {k.Value.Meaning} (default {k.Value.Full}; --quick {k.Value.Quick})"));
}
