using Linktor.Api.Tests.Infrastructure;
using Linktor.Storage.Telemetry;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary><c>Linktor:Telemetry</c> is checked at start: a node with an OTLP endpoint or a metrics port it cannot use does not start, and says which.</summary>
public sealed class TelemetryOptionsTests
{
    [Fact]
    public async Task ANodeWithAnOtlpEndpointThatIsNotAUrlRefusesToStartAndNamesTheSetting()
    {
        await using var node = new MisconfiguredNode(new Dictionary<string, string> { ["Linktor:Telemetry:OtlpEndpoint"] = "collector:4317" });

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => node.InitializeAsync().AsTask());

        refused.Message.ShouldContain("Linktor:Telemetry:OtlpEndpoint must be an absolute http:// or https:// URL");
    }

    [Fact]
    public async Task ANodeWithAMetricsPortOutOfRangeRefusesToStartAndNamesTheSetting()
    {
        await using var node = new MisconfiguredNode(new Dictionary<string, string> { ["Linktor:Telemetry:MetricsPort"] = "70000" });

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => node.InitializeAsync().AsTask());

        refused.Message.ShouldContain("TelemetryOptions.MetricsPort");
    }

    [Theory]
    [InlineData("http://otel-collector:4317")]
    [InlineData("https://collector.example.com:4318/")]
    [InlineData("")]
    public void AnHttpOrHttpsEndpointOrNoneIsAccepted(string endpoint) =>
        new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = endpoint }).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("ftp://collector:21")]
    [InlineData("/relative")]
    public void AnEndpointThatIsNotAnHttpUrlIsRefused(string endpoint) =>
        new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = endpoint }).FailureMessage.ShouldNotBeNull().ShouldContain("OtlpEndpoint");

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void APortOutOfRangeIsRefused(int port) =>
        new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { MetricsPort = port }).FailureMessage.ShouldNotBeNull().ShouldContain("MetricsPort");

    /// <summary>A node whose start is expected to fail: no real-time probe after it.</summary>
    private sealed class MisconfiguredNode(IReadOnlyDictionary<string, string> settings) : LinktorNode(settings, realtime: false);
}
