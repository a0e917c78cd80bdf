using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>The proxy and sign-in settings are checked: a node with one that cannot work does not start.</summary>
public sealed class SecuritySettingsTests
{
    [Theory]
    [InlineData("10.0.0.5", null, 1)]
    [InlineData("10.0.0.5, 10.0.0.6", "10.0.0.0/8,fd00::/8", 2)]
    [InlineData(null, null, 1)]
    public void ProxiesAndNetworksThatParseAreAccepted(string? proxies, string? networks, int forwardLimit)
    {
        var settings = new ForwardedHeadersSettings { KnownProxies = proxies, KnownNetworks = networks, ForwardLimit = forwardLimit };

        settings.Invalid().ShouldBeNull();
        settings.Proxies().Count.ShouldBe(proxies?.Split(',').Length ?? 0);
        settings.Networks().Count.ShouldBe(networks?.Split(',').Length ?? 0);
    }

    [Theory]
    [InlineData("nginx", null, 1)]
    [InlineData(null, "10.0.0.0/33", 1)]
    [InlineData(null, "10.0.0.5", 1)]
    [InlineData("10.0.0.5", null, 0)]
    public void ProxiesOrNetworksThatDoNotParseAreRefused(string? proxies, string? networks, int forwardLimit) =>
        new ForwardedHeadersSettings { KnownProxies = proxies, KnownNetworks = networks, ForwardLimit = forwardLimit }
            .Invalid().ShouldNotBeNull();

    [Fact]
    public void TheLoginLockDefaultsAreThoseDocumented()
    {
        var options = ResolveAuth([]);

        options.LoginFailuresBeforeLock.ShouldBe(5);
        options.LoginLock.ShouldBe(TimeSpan.FromSeconds(30));
        options.MaxLoginLock.ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData("LoginFailuresBeforeLock", "0")]
    [InlineData("LoginLock", "00:00:00")]
    [InlineData("MaxLoginLock", "00:00:10")]
    [InlineData("MaxLoginLock", "2.00:00:00")]
    public void ALoginLockSettingThatCannotWorkIsRefused(string key, string value) =>
        Should.Throw<OptionsValidationException>(() => ResolveAuth(new() { [$"Linktor:Auth:{key}"] = value }));

    private static AuthOptions ResolveAuth(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLinktorAuth(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AuthOptions>>().Value;
    }
}
