using System.Diagnostics;
using System.Text.Json;
using Linktor.Api.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// The console logs of a Linktor host (<c>AddLinktorLogging</c>): JSON lines carrying the trace and span ids outside
/// Development, text in Development, and <c>Logging:Console:FormatterName</c> wins over both. The lines are written by the
/// formatter the host's console logger would use, with the host's own scope provider, so nothing races for the console.
/// </summary>
public sealed class ConsoleLogFormatTests(LinktorNode node)
{
    [Fact]
    public void InProductionALineIsJsonWithTheTraceAndSpanIdsOfTheCurrentActivity()
    {
        using var activity = new Activity("send").Start();

        var line = WriteLine(Environments.Production);

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        root.GetProperty("LogLevel").GetString().ShouldBe("Information");
        root.GetProperty("EventId").GetInt32().ShouldBe(13199);
        root.GetProperty("Message").GetString().ShouldBe("a line");
        var scopes = root.GetProperty("Scopes").EnumerateArray().ToList();
        ScopeValues(scopes, "TraceId").ShouldContain(activity.TraceId.ToHexString(), line);
        ScopeValues(scopes, "SpanId").ShouldContain(activity.SpanId.ToHexString(), line);
        root.GetProperty("Timestamp").GetString().ShouldEndWith("Z");
    }

    [Fact]
    public void InDevelopmentALineIsText()
    {
        var line = WriteLine(Environments.Development);

        line.ShouldNotStartWith("{");
        line.ShouldContain("info: Linktor.Tests[13199]");
        line.ShouldContain("a line");
    }

    [Fact]
    public void TheConfiguredFormatterWinsInProduction()
    {
        var line = WriteLine(Environments.Production, new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = ConsoleFormatterNames.Systemd });

        line.ShouldContain("<6>Linktor.Tests[13199] a line");
    }

    [Fact]
    public void TheNodeTracksTraceAndSpanIdsAndWritesTextInDevelopment()
    {
        // The tests' node runs in Development (WebApplicationFactory's default).
        node.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions
            .HasFlag(ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId).ShouldBeTrue();
        node.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName.ShouldBe(ConsoleFormatterNames.Simple);
    }

    private static List<string?> ScopeValues(List<JsonElement> scopes, string name) =>
        [.. scopes.Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _)).Select(s => s.GetProperty(name).GetString())];

    private static string WriteLine(string environment, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        var scopes = new ScopeProviderCapture();
        builder.Logging.AddProvider(scopes);
        builder.AddLinktorLogging();
        using var host = builder.Build();
        _ = host.Services.GetRequiredService<ILoggerFactory>();
        var name = host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName;
        var formatter = host.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Information, "Linktor.Tests", new EventId(13199), "a line", null, (s, _) => s),
            scopes.Provider ?? throw new InvalidOperationException("the logger factory gave no scope provider"), writer);
        return writer.ToString();
    }

    /// <summary>Receives the logger factory's scope provider, which adds the activity's ids to every line's scopes.</summary>
    private sealed class ScopeProviderCapture : ILoggerProvider, ISupportExternalScope
    {
        public IExternalScopeProvider? Provider { get; private set; }

        public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Provider = scopeProvider;

        public void Dispose()
        {
        }
    }
}
