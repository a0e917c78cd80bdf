using System.Reflection;
using System.Text.RegularExpressions;
using Linktor.Cluster.Tests.Infrastructure;
using Shouldly;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Linktor.Cluster.Tests;

/// <summary>
/// What can be checked of deploy/ without Docker or Kubernetes: the files parse, the images run the dlls the
/// projects build, and every <c>Linktor__*</c> variable names a real option.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Deploy = Path.Combine(Paths.RepoRoot, "deploy");

    public static TheoryData<string> YamlFiles() =>
        [.. Directory.EnumerateFiles(Deploy, "*.y*ml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Deploy, f)).Order()];

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void EveryYamlFileParsesAndEveryLinktorVariableNamesARealOption(string file)
    {
        var documents = Load(file);
        documents.ShouldNotBeEmpty();
        foreach (var name in Scalars(documents).Where(s => s.StartsWith("Linktor__", StringComparison.Ordinal)).Distinct())
        {
            OptionExists(name).ShouldBeTrue($"{file}: {name} is not a property of any Linktor options class");
        }
    }

    [Fact]
    public void ReadingTheOptionsClassesLoadsNoSiloOrApiAssemblyIntoThisProcess()
    {
        OptionTypes().ShouldContain(t => t.Name == "OutboundOptions");

        // Loaded for real, the grains' assemblies would name Orleans providers this process cannot load, and the
        // Orleans client of ClusterTlsTests, which scans every loaded assembly, would fail whenever it ran after this.
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name)
            .ShouldNotContain(n => n!.StartsWith("Linktor.Silo", StringComparison.Ordinal) || n.StartsWith("Linktor.Grains", StringComparison.Ordinal) || n == "Linktor.Api");
    }

    [Fact]
    public void ComposeRunsPostgresRedisThreeSilosTwoApiNodesAndAWebSocketLoadBalancer()
    {
        var root = (YamlMappingNode)Load("docker-compose.yml").Single().RootNode;
        var services = (YamlMappingNode)root["services"];
        var names = services.Children.Keys.Select(k => k.ToString()).ToList();
        names.ShouldContain("postgres");
        names.ShouldContain("redis");
        names.Count(n => n.StartsWith("silo", StringComparison.Ordinal)).ShouldBe(3);
        names.Count(n => n.StartsWith("api", StringComparison.Ordinal)).ShouldBe(2);
        names.ShouldContain("lb");

        var nginx = File.ReadAllText(Path.Combine(Deploy, "nginx", "nginx.conf"));
        nginx.ShouldContain("proxy_set_header Upgrade $http_upgrade");
        nginx.ShouldContain("proxy_set_header Connection $connection_upgrade");
        foreach (var api in names.Where(n => n.StartsWith("api", StringComparison.Ordinal)))
        {
            nginx.ShouldContain($"server {api}:8080", customMessage: "the load balancer sends to every API node");
        }
    }

    [Fact]
    public void KubernetesAdvertisesThePodIpAndProbesTheHealthEndpoints()
    {
        var documents = Directory.EnumerateFiles(Path.Combine(Deploy, "k8s"), "*.yaml")
            .SelectMany(f => Load(Path.GetRelativePath(Deploy, f))).Select(d => (YamlMappingNode)d.RootNode).ToList();
        var kinds = documents.Select(d => $"{d["kind"]}/{d["metadata"]["name"]}").ToList();
        kinds.ShouldContain("Deployment/linktor-silo");
        kinds.ShouldContain("Deployment/linktor-api");
        kinds.ShouldContain("Service/linktor-api");
        kinds.ShouldContain("PodDisruptionBudget/linktor-silo");

        var silo = documents.Single(d => $"{d["kind"]}/{d["metadata"]["name"]}" == "Deployment/linktor-silo");
        var pod = (YamlMappingNode)silo["spec"]["template"]["spec"];
        int.Parse(pod["terminationGracePeriodSeconds"].ToString()).ShouldBeGreaterThan(90, "longer than the silo's 90 s drain");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>()
            .ToDictionary(e => e["name"].ToString(), e => e);
        env["Linktor__Hosting__AdvertisedAddress"]["valueFrom"]["fieldRef"]["fieldPath"].ToString().ShouldBe("status.podIP");
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            container[probe]["httpGet"]["path"].ToString().ShouldStartWith("/health/");
        }

        container["readinessProbe"]["httpGet"]["path"].ToString().ShouldBe("/health/ready");
        container["resources"]["requests"].ShouldNotBeNull();
    }

    [Fact]
    public void KubernetesLetsOnlyTheClusterPodsReachTheSiloPortsAndMountsTheClusterCertificate()
    {
        var documents = Directory.EnumerateFiles(Path.Combine(Deploy, "k8s"), "*.yaml")
            .SelectMany(f => Load(Path.GetRelativePath(Deploy, f))).Select(d => (YamlMappingNode)d.RootNode).ToList();
        YamlMappingNode Named(string kind, string name) => documents.Single(d => $"{d["kind"]}/{d["metadata"]["name"]}" == $"{kind}/{name}");

        // The silo and gateway ports: from silo and API pods only.
        var silo = Named("NetworkPolicy", "linktor-silo");
        silo["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"].ToString().ShouldBe("linktor-silo");
        var rules = ((YamlSequenceNode)silo["spec"]["ingress"]).Children.Cast<YamlMappingNode>().ToList();
        var clusterPorts = rules.Where(r => Ports(r).Overlaps([11111, 30000])).ToList();
        clusterPorts.ShouldHaveSingleItem();
        Ports(clusterPorts[0]).ShouldBe([11111, 30000], ignoreOrder: true);
        ((YamlSequenceNode)clusterPorts[0]["from"]).Children.Cast<YamlMappingNode>()
            .Select(f => f["podSelector"]["matchLabels"]["app.kubernetes.io/name"].ToString())
            .ShouldBe(["linktor-silo", "linktor-api"], ignoreOrder: true);

        // The API's HTTP port: from the ingress controller only.
        var api = Named("NetworkPolicy", "linktor-api");
        var apiRules = ((YamlSequenceNode)api["spec"]["ingress"]).Children.Cast<YamlMappingNode>().ToList();
        var httpRules = apiRules.Where(r => Ports(r).Contains(8080)).ToList();
        httpRules.ShouldHaveSingleItem();
        Ports(httpRules[0]).ShouldBe([8080]);
        ((YamlSequenceNode)httpRules[0]["from"]).Children.Cast<YamlMappingNode>().ShouldAllBe(f => f.Children.ContainsKey("namespaceSelector"));
        // Besides it, only Prometheus' scrapes of the metrics port (9464), from the monitoring namespace.
        apiRules.Except(httpRules).Select(Ports).ShouldAllBe(ports => ports.SetEquals(new[] { 9464 }));

        // Each pod mounts the Secret where the ConfigMap's certificate paths point.
        var config = (YamlMappingNode)Named("ConfigMap", "linktor")["data"];
        var paths = new[] { "CertificatePath", "KeyPath", "CaPath" }.Select(k => config[$"Linktor__ClusterTls__{k}"].ToString()).ToList();
        foreach (var deployment in new[] { "linktor-silo", "linktor-api" })
        {
            var pod = (YamlMappingNode)Named("Deployment", deployment)["spec"]["template"]["spec"];
            var volume = ((YamlSequenceNode)pod["volumes"]).Children.Cast<YamlMappingNode>().Single(v => v["name"].ToString() == "cluster-tls");
            volume["secret"]["secretName"].ToString().ShouldBe("linktor-cluster-tls");
            var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
            var mount = ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>().Single(m => m["name"].ToString() == "cluster-tls");
            paths.ShouldAllBe(p => Path.GetDirectoryName(p) == mount["mountPath"].ToString(), $"{deployment} mounts the certificate where config.yaml looks");
        }

        static HashSet<int> Ports(YamlMappingNode rule) =>
            [.. ((YamlSequenceNode)rule["ports"]).Children.Cast<YamlMappingNode>().Select(p => int.Parse(p["port"].ToString()))];
    }

    [Theory]
    [InlineData("silo.Dockerfile", "silo/Linktor.Silo/Linktor.Silo.csproj")]
    [InlineData("api.Dockerfile", "api/Linktor.Api/Linktor.Api.csproj")]
    public void TheImagePublishesTheProjectAndRunsItsDll(string dockerfile, string project)
    {
        var text = File.ReadAllText(Path.Combine(Deploy, "docker", dockerfile));
        File.Exists(Path.Combine(Paths.RepoRoot, project)).ShouldBeTrue();
        text.ShouldContain($"dotnet publish {project}");
        text.ShouldContain("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build");
        text.ShouldContain("FROM mcr.microsoft.com/dotnet/aspnet:10.0");
        var entrypoint = EntryPoint().Match(text);
        entrypoint.Success.ShouldBeTrue($"{dockerfile} has an exec-form ENTRYPOINT running a dll");
        // The assembly name is the project's (none of them sets <AssemblyName>): what the publish step outputs.
        entrypoint.Groups[1].Value.ShouldBe(Path.GetFileNameWithoutExtension(project) + ".dll");
        File.ReadAllText(Path.Combine(Paths.RepoRoot, project)).ShouldNotContain("<AssemblyName>");
        // Every project the image builds is copied into it before the restore: the whole ProjectReference closure.
        var copiedProjects = CopiedProject().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (var copied in copiedProjects)
        {
            File.Exists(Path.Combine(Paths.RepoRoot, copied)).ShouldBeTrue($"{dockerfile} copies {copied}");
        }

        foreach (var referenced in ProjectClosure(project))
        {
            copiedProjects.ShouldContain(referenced, $"{dockerfile} restores {project}, which needs {referenced}");
        }
    }

    /// <summary>A project and every project it references, directly or not, as repository-relative paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Path.Combine(Paths.RepoRoot, current))!;
            foreach (var reference in System.Xml.Linq.XDocument.Load(Path.Combine(Paths.RepoRoot, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, ((string)reference.Attribute("Include")!).Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Paths.RepoRoot, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    private static List<YamlDocument> Load(string relativePath)
    {
        using var reader = new StreamReader(Path.Combine(Deploy, relativePath));
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents];
    }

    /// <summary>Every scalar (keys and values) in the documents, anchors' definitions included.</summary>
    private static IEnumerable<string> Scalars(IEnumerable<YamlDocument> documents) =>
        documents.SelectMany(d => d.AllNodes).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty);

    /// <summary>
    /// <c>Linktor__Section__Property</c> (or <c>..__Property__Nested</c>) names a property of the options class bound to
    /// <c>Linktor:Section</c>.
    /// </summary>
    private static bool OptionExists(string variable)
    {
        var parts = variable.Split("__");
        if (parts.Length < 3)
        {
            return false;
        }

        var section = $"{parts[0]}:{parts[1]}";
        return OptionTypes().Any(t => Equals(t.GetField("SectionName")?.GetRawConstantValue(), section) && HasPath(t, parts[2..]));
    }

    private static bool HasPath(Type type, IEnumerable<string> properties) =>
        properties.Aggregate<string, Type?>(type, (current, name) => current?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.PropertyType) is not null;

    /// <summary>
    /// The options classes (those with a <c>SectionName</c> constant) of the silo and API assemblies, read in a
    /// <see cref="MetadataLoadContext"/>: loading them into this process instead would leave the grains' assemblies in
    /// the app domain, where the Orleans client of <c>ClusterTlsTests</c> finds them and fails on the providers they
    /// name (Redis clustering, ...) that this test project does not carry.
    /// </summary>
    private static IReadOnlyList<Type> OptionTypes() => LinktorOptionTypes.Value;

    private static readonly Lazy<IReadOnlyList<Type>> LinktorOptionTypes = new(() =>
    {
        var binaries = new[] { "silo/Linktor.Silo", "api/Linktor.Api" }
            .Select(p => Path.Combine(Paths.RepoRoot, p, "bin", Paths.Configuration, "net10.0"))
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.dll"))
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .ToList();
        var frameworks = new[] { typeof(object), typeof(Microsoft.AspNetCore.Builder.WebApplication) }
            .SelectMany(t => Directory.EnumerateFiles(Path.GetDirectoryName(t.Assembly.Location)!, "*.dll"));
        var resolver = new PathAssemblyResolver(binaries.Concat(frameworks).GroupBy(Path.GetFileName).Select(g => g.First()));

        // Lives as long as the test process: the types it returns are read on demand.
        var context = new MetadataLoadContext(resolver, typeof(object).Assembly.GetName().Name);
        var options = new List<Type>();
        foreach (var dll in binaries.Where(f => Path.GetFileName(f).StartsWith("Linktor.", StringComparison.Ordinal)))
        {
            Type[] types;
            try
            {
                types = context.LoadFromAssemblyPath(dll).GetTypes();
            }
            catch (ReflectionTypeLoadException ex)
            {
                types = [.. ex.Types.OfType<Type>()];
            }

            options.AddRange(types.Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true }));
        }

        return options;
    });

    [GeneratedRegex("""ENTRYPOINT \["dotnet", "([^"]+\.dll)"\]""")]
    private static partial Regex EntryPoint();

    [GeneratedRegex(@"^COPY (\S+\.csproj) ", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();
}
