using Linktor.Storage.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Events;

/// <summary><c>Linktor:Events</c> is bound and checked: a node with a setting that cannot work does not start.</summary>
public sealed class EventStreamOptionsTests
{
    [Fact]
    public void TheDefaultsAreThoseDocumented()
    {
        var options = Resolve([]);

        options.Queues.ShouldBe(8);
        options.PollInterval.ShouldBe(TimeSpan.FromMilliseconds(100));
        options.BatchSize.ShouldBe(500);
        options.Retention.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void SettingsAreReadFromLinktorEvents()
    {
        var options = Resolve(new() { ["Linktor:Events:Queues"] = "16", ["Linktor:Events:PollInterval"] = "00:00:00.050" });

        options.Queues.ShouldBe(16);
        options.PollInterval.ShouldBe(TimeSpan.FromMilliseconds(50));
    }

    [Theory]
    [InlineData("Queues", "0")]
    [InlineData("Queues", "1025")]
    [InlineData("BatchSize", "0")]
    [InlineData("PollInterval", "00:00:00")]
    [InlineData("Retention", "-00:00:01")]
    [InlineData("MaxCachedEvents", "499")]
    [InlineData("RetryBaseDelay", "00:00:00")]
    [InlineData("RetryMaxDelay", "00:00:00.100")]
    public void ASettingThatCannotWorkIsRefused(string key, string value) =>
        Should.Throw<OptionsValidationException>(() => Resolve(new() { [$"Linktor:Events:{key}"] = value }));

    private static EventStreamOptions Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Linktor:Postgres:ConnectionString"] = "Host=unused";
        builder.AddLinktorStorage();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<EventStreamOptions>>().Value;
    }
}
