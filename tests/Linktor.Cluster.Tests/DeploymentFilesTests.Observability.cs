using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Linktor.Cluster.Tests;

/// <summary>
/// deploy/observability: the Grafana dashboard and the alert rules query only metrics the nodes export (the list below,
/// which the telemetry code and these files must both keep to), the rules have what Prometheus requires, and compose
/// and Kubernetes scrape the port the nodes serve /metrics on.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    /// <summary>The series the files may name: the nodes' own (OpenTelemetry, Prometheus-exported), Orleans', Prometheus' and the exporter's.</summary>
    private static readonly HashSet<string> KnownMetrics = new(StringComparer.Ordinal)
    {
        "linktor_messages_sent_total", "linktor_messages_received_total", "linktor_outbox_depth", "linktor_outbox_age_seconds",
        "linktor_provider_errors_total", "linktor_webhooks_deliveries_total",
        "linktor_signalr_connections",
        // Orleans' meter (Microsoft.Orleans): orleans-catalog-activations, a gauge per silo.
        "orleans_catalog_activations",
        // Prometheus' own (whether a scrape answered), and postgres_exporter's (whether it reaches PostgreSQL).
        "up", "pg_up",
    };

    /// <summary>Histograms: named with <c>_bucket</c>, <c>_sum</c> or <c>_count</c>.</summary>
    private static readonly HashSet<string> KnownHistograms = new(StringComparer.Ordinal)
    {
        "http_server_request_duration_seconds", "linktor_storage_group_commit_batch_size", "linktor_webhooks_lag_seconds",
    };

    private static readonly HashSet<string> PromQlWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    [Fact]
    public void TheGrafanaDashboardParsesAndEveryPanelQueriesKnownMetricsOfTheProvisionedPrometheus()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "observability", "grafana-dashboard.json")));
        var root = dashboard.RootElement;
        root.GetProperty("uid").GetString().ShouldNotBeNullOrWhiteSpace();
        root.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        var datasource = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)Load("observability/grafana/datasource.yml").Single().RootNode)["datasources"]).Children.Single();
        var panels = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();

        panels.Count.ShouldBeGreaterThan(10);
        var queried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe(datasource["uid"].ToString(), title);
            var expressions = panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!).ToList();
            expressions.ShouldNotBeEmpty(title);
            foreach (var expression in expressions)
            {
                UnknownMetrics(expression).ShouldBeEmpty($"panel '{title}': {expression}");
                queried.UnionWith(MetricNames(expression).Select(BaseName));
            }
        }

        // What issue 17 asks the dashboard to show.
        KnownMetrics.Concat(KnownHistograms).Except(["pg_up"]).Where(m => !queried.Contains(m)).ShouldBeEmpty("every metric has a panel");
    }

    [Fact]
    public void TheAlertRulesHaveWhatPrometheusRequiresAndQueryKnownMetricsOfScrapedJobs()
    {
        var groups = (YamlSequenceNode)((YamlMappingNode)Load("observability/alerts.yml").Single().RootNode)["groups"];
        var jobs = ScrapeJobs(Load("observability/prometheus.yml")).Keys.ToHashSet(StringComparer.Ordinal);
        var alerts = new List<string>();
        foreach (var group in groups.Children.Cast<YamlMappingNode>())
        {
            group["name"].ToString().ShouldNotBeNullOrWhiteSpace();
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Children.Cast<YamlMappingNode>())
            {
                var alert = rule["alert"].ToString();
                alerts.Add(alert);
                rule.Children.ContainsKey("record").ShouldBeFalse(alert);
                var expression = rule["expr"].ToString();
                expression.ShouldNotBeNullOrWhiteSpace(alert);
                UnknownMetrics(expression).ShouldBeEmpty($"{alert}: {expression}");
                foreach (Match job in JobMatcher().Matches(expression))
                {
                    jobs.ShouldContain(job.Groups[1].Value, $"{alert} names a job prometheus.yml scrapes");
                }

                if (rule.Children.TryGetValue("for", out var wait))
                {
                    PrometheusDuration().IsMatch(wait.ToString()).ShouldBeTrue($"{alert}: for: {wait}");
                }

                ((YamlMappingNode)rule["labels"])["severity"].ToString().ShouldBeOneOf("critical", "warning");
                ((YamlMappingNode)rule["annotations"]).Children.ContainsKey("summary").ShouldBeTrue(alert);
            }
        }

        alerts.ShouldBeUnique();
        alerts.ShouldContain("LinktorOutboxAgeHigh");
        alerts.ShouldContain("LinktorProviderErrorRateHigh");
        alerts.ShouldContain("LinktorSiloDown");
        alerts.ShouldContain("LinktorPostgresUnavailable");
    }

    [Fact]
    public void ComposeScrapesEveryNodeOnItsMetricsPortAndProvisionsPrometheusAndGrafana()
    {
        var root = (YamlMappingNode)Load("docker-compose.yml").Single().RootNode;
        var services = (YamlMappingNode)root["services"];
        var names = services.Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        var metricsPort = ((YamlMappingNode)root["x-linktor-env"])["Linktor__Telemetry__MetricsPort"].ToString();
        var jobs = ScrapeJobs(Load("observability/prometheus.yml"));

        foreach (var (job, role) in new[] { ("linktor-silo", "silo"), ("linktor-api", "api") })
        {
            jobs[job].Select(t => t.Split(':')[0]).ShouldBe(names.Where(n => n.StartsWith($"{role}-", StringComparison.Ordinal)), ignoreOrder: true);
            jobs[job].ShouldAllBe(t => t.EndsWith($":{metricsPort}", StringComparison.Ordinal));
        }

        jobs["postgres"].Select(t => t.Split(':')[0]).ShouldAllBe(h => names.Contains(h));
        foreach (var (service, files) in new[]
        {
            ("prometheus", new[] { "observability/prometheus.yml", "observability/alerts.yml" }),
            ("grafana", ["observability/grafana/datasource.yml", "observability/grafana/dashboards.yml", "observability/grafana-dashboard.json"]),
        })
        {
            var mounts = ((YamlSequenceNode)((YamlMappingNode)services[service])["volumes"]).Children.Select(v => v.ToString()).ToList();
            foreach (var file in files)
            {
                File.Exists(Path.Combine(Deploy, file)).ShouldBeTrue(file);
                mounts.ShouldContain(m => m.StartsWith($"./{file}:", StringComparison.Ordinal), $"{service} mounts {file}");
            }
        }
    }

    [Fact]
    public void KubernetesPodsExposeTheMetricsPortTheirAnnotationsAndTheConfigName()
    {
        var documents = Directory.EnumerateFiles(Path.Combine(Deploy, "k8s"), "*.yaml")
            .SelectMany(f => Load(Path.GetRelativePath(Deploy, f))).Select(d => (YamlMappingNode)d.RootNode).ToList();
        YamlMappingNode Named(string kind, string name) => documents.Single(d => $"{d["kind"]}/{d["metadata"]["name"]}" == $"{kind}/{name}");
        var metricsPort = ((YamlMappingNode)Named("ConfigMap", "linktor")["data"])["Linktor__Telemetry__MetricsPort"].ToString();

        foreach (var deployment in new[] { "linktor-silo", "linktor-api" })
        {
            var template = (YamlMappingNode)Named("Deployment", deployment)["spec"]["template"];
            var annotations = (YamlMappingNode)template["metadata"]["annotations"];
            annotations["prometheus.io/scrape"].ToString().ShouldBe("true");
            annotations["prometheus.io/port"].ToString().ShouldBe(metricsPort, deployment);
            annotations["prometheus.io/path"].ToString().ShouldBe("/metrics");
            var container = (YamlMappingNode)((YamlSequenceNode)template["spec"]["containers"]).Children.Single();
            ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>()
                .ShouldContain(p => p["name"].ToString() == "metrics" && p["containerPort"].ToString() == metricsPort, deployment);
        }

        var scrape = Named("ConfigMap", "linktor-prometheus")["data"]["prometheus.yml"].ToString();
        var stream = new YamlStream();
        stream.Load(new StringReader(scrape));
        ScrapeJobs([.. stream.Documents]).Keys.ShouldContain("linktor");
    }

    /// <summary>Metric names in a PromQL expression that are neither known series nor a known histogram's series.</summary>
    private static List<string> UnknownMetrics(string expression) =>
        [.. MetricNames(expression).Where(n => !KnownMetrics.Contains(n) && !KnownHistograms.Contains(BaseName(n)))];

    /// <summary>A histogram series' family (<c>x_bucket</c> → <c>x</c>); any other name as it is.</summary>
    private static string BaseName(string metric) =>
        HistogramSuffix().Match(metric) is { Success: true } m && KnownHistograms.Contains(m.Groups[1].Value) ? m.Groups[1].Value : metric;

    /// <summary>
    /// The series a PromQL expression selects: its identifiers once strings, label matchers, ranges and grouping clauses
    /// are taken out, other than function calls, keywords and numbers.
    /// </summary>
    private static IEnumerable<string> MetricNames(string expression)
    {
        var text = QuotedString().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text).Select(m => m.Groups[1].Value).Where(w => !PromQlWords.Contains(w)).Distinct();
    }

    /// <summary>Each scrape job's static targets (empty for discovered ones).</summary>
    private static Dictionary<string, List<string>> ScrapeJobs(List<YamlDocument> prometheus) =>
        ((YamlSequenceNode)((YamlMappingNode)prometheus.Single().RootNode)["scrape_configs"]).Children.Cast<YamlMappingNode>().ToDictionary(
            job => job["job_name"].ToString(),
            job => job.Children.TryGetValue("static_configs", out var configs)
                ? ((YamlSequenceNode)configs).Children.Cast<YamlMappingNode>().SelectMany(c => ((YamlSequenceNode)c["targets"]).Children.Select(t => t.ToString())).ToList()
                : []);

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    /// <summary>A name not inside a number (<c>1e-9</c>) and not called (<c>rate(</c>).</summary>
    [GeneratedRegex(@"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(.+)_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex("job=\"([^\"]+)\"")]
    private static partial Regex JobMatcher();

    [GeneratedRegex(@"^(\d+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex PrometheusDuration();
}
