using Linktor.Api.Cluster;
using Linktor.Api.Infrastructure;
using Linktor.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// An API node's settings are checked when it starts: one it cannot work with stops the start and names itself. The
/// rules between settings are the validators' own.
/// </summary>
public sealed class OptionsStartupTests
{
    [Fact]
    public async Task ANodeWithANonPositiveLimitRefusesToStartAndNamesTheSetting()
    {
        await using var node = new MisconfiguredNode(new Dictionary<string, string> { ["Linktor:WebChat:MessagesPerSession:PerMinute"] = "0" });

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => node.InitializeAsync().AsTask());

        refused.Message.ShouldContain("WebChatLimitOptions.MessagesPerSession.PerMinute");
    }

    [Fact]
    public void TheFailoverDefaultsAreAccepted() =>
        new FailoverOptionsValidator().Validate(null, new FailoverOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void AnAlertPollSlowerThanTheUsualPollIsRefused() =>
        Refusal(new FailoverOptionsValidator().Validate(null, new FailoverOptions { PollInterval = TimeSpan.FromSeconds(1), AlertPollInterval = TimeSpan.FromSeconds(2) }))
            .ShouldContain("AlertPollInterval no longer than PollInterval");

    [Fact]
    public void AnAlertPollAsFastAsTheUsualPollIsAccepted() =>
        new FailoverOptionsValidator().Validate(null, new FailoverOptions { PollInterval = TimeSpan.FromSeconds(1), AlertPollInterval = TimeSpan.FromSeconds(1) })
            .Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void ANonPositivePollTimeoutIsRefused(string timeout) =>
        Refusal(new FailoverOptionsValidator().Validate(null, new FailoverOptions { PollTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }))
            .ShouldContain("PollTimeout");

    [Fact]
    public void ProxyListsThatDoNotParseAreRefusedWithTheirSetting() =>
        Refusal(new ApiOptionsValidator().Validate(null, new ApiOptions { ForwardedHeaders = new() { KnownProxies = "nginx" } }))
            .ShouldContain("Linktor:Api:ForwardedHeaders:KnownProxies: 'nginx' is not an IP address");

    [Theory]
    [InlineData(nameof(ApiOptions.LoginsPerMinute))]
    [InlineData(nameof(ApiOptions.TenantRequestsPerMinute))]
    [InlineData(nameof(ApiOptions.WebChatUploadsPerMinute))]
    public void ARateLimitOfZeroIsRefused(string limit)
    {
        var options = new ApiOptions();
        typeof(ApiOptions).GetProperty(limit)!.SetValue(options, 0);

        Refusal(new ApiOptionsValidator().Validate(null, options)).ShouldContain($"ApiOptions.{limit}");
    }

    private static string Refusal(ValidateOptionsResult result)
    {
        result.Failed.ShouldBeTrue();
        return result.FailureMessage!;
    }

    /// <summary>A node whose start is expected to fail: no real-time probe after it.</summary>
    private sealed class MisconfiguredNode(IReadOnlyDictionary<string, string> settings) : LinktorNode(settings, realtime: false);
}
