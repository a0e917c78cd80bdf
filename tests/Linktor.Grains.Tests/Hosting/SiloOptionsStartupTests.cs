using Linktor.Grains.Channels;
using Linktor.Grains.Webhooks;
using Linktor.Contracts.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Hosting;

/// <summary>
/// A silo's settings are checked when it starts: one the grains cannot work with stops the start and names itself,
/// before the silo joins anything or touches the database. The rules between settings are the validators' own.
/// </summary>
public sealed class SiloOptionsStartupTests
{
    [Theory]
    [InlineData("Linktor:Outbox:MaxAttempts", "0", "OutboxOptions.MaxAttempts")]
    [InlineData("Linktor:Outbox:Window", "-1", "OutboxOptions.Window")]
    [InlineData("Linktor:Webhooks:MaxConcurrency", "0", "WebhookOptions.MaxConcurrency")]
    [InlineData("Linktor:Presence:Lease", "00:00:00", "PresenceOptions.Lease")]
    [InlineData("Linktor:Events:BatchSize", "0", "EventStreamOptions.BatchSize")]
    public async Task ASiloWithASettingThatCannotWorkRefusesToStartAndNamesIt(string key, string value, string named)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Linktor:Postgres:ConnectionString"] = "Host=unused",
            [key] = value,
        });
        builder.AddLinktorSilo();
        using var host = builder.Build();

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        refused.Message.ShouldContain(named);
    }

    [Theory]
    [InlineData("Linktor:Hosting:AdvertisedAddress", "silo-1.internal", "Linktor:Hosting:AdvertisedAddress: 'silo-1.internal' is not an IP address")]
    [InlineData("Linktor:Hosting:SiloPort", "0", "HostingOptions.SiloPort")]
    [InlineData("Linktor:Hosting:ServiceId", "", "HostingOptions.ServiceId")]
    public void HostingSettingsThatCannotWorkAreRefusedWhileTheHostIsBuilt(string key, string value, string said)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Linktor:Hosting:Mode"] = "Cluster",
            [key] = value,
        }).Build();

        Should.Throw<OptionsValidationException>(() => HostingOptions.Read(configuration)).Message.ShouldContain(said);
    }

    [Fact]
    public void HostingSettingsAreReadAsTheOptionsBindThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Linktor:Hosting:Mode"] = "Cluster",
            ["Linktor:Hosting:AdvertisedAddress"] = "10.0.0.7",
            ["Linktor:Hosting:SiloPort"] = "11112",
        }).Build();

        var hosting = HostingOptions.Read(configuration);

        (hosting.Mode, hosting.AdvertisedAddress, hosting.SiloPort, hosting.GatewayPort).ShouldBe((HostingMode.Cluster, "10.0.0.7", 11112, 30000));
    }

    [Fact]
    public void TheOutboxDefaultsAreAccepted() =>
        new OutboxOptionsValidator().Validate(null, new OutboxOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void AnOutboxMaxDelayShorterThanItsBaseDelayIsRefused() =>
        Refusal(new OutboxOptionsValidator().Validate(null, new OutboxOptions { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) }))
            .ShouldContain("Linktor:Outbox:MaxDelay must be at least Linktor:Outbox:BaseDelay");

    [Theory]
    [InlineData(1.5, "CircuitFailureRatio")]
    [InlineData(-0.1, "CircuitFailureRatio")]
    public void ACircuitRatioPollyRefusesIsRefusedAtStart(double ratio, string named) =>
        Refusal(new OutboxOptionsValidator().Validate(null, new OutboxOptions { CircuitFailureRatio = ratio })).ShouldContain(named);

    [Fact]
    public void ACircuitBreakShorterThanPollysHalfSecondIsRefused() =>
        Refusal(new OutboxOptionsValidator().Validate(null, new OutboxOptions { CircuitBreakDuration = TimeSpan.FromMilliseconds(100) }))
            .ShouldContain("CircuitBreakDuration");

    [Fact]
    public void TheWebhookDefaultsAreAccepted() =>
        new WebhookOptionsValidator().Validate(null, new WebhookOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void AWebhookMaxRetryDelayShorterThanTheFirstIsRefused() =>
        Refusal(new WebhookOptionsValidator().Validate(null, new WebhookOptions { FirstRetryDelay = TimeSpan.FromMinutes(2), MaxRetryDelay = TimeSpan.FromMinutes(1) }))
            .ShouldContain("Linktor:Webhooks:MaxRetryDelay must be at least Linktor:Webhooks:FirstRetryDelay");

    private static string Refusal(ValidateOptionsResult result)
    {
        result.Failed.ShouldBeTrue();
        return result.FailureMessage!;
    }
}
