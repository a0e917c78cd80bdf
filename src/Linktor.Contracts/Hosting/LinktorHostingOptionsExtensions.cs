using Linktor.Contracts.Hosting;
using Linktor.Contracts.Realtime;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class LinktorHostingOptionsExtensions
{
    /// <summary>
    /// The settings every Linktor host reads, a silo and an API node alike (and both in one single-node process):
    /// the hosting mode and names, Redis, presence and the operator's key; each bound, validated and checked at start. Registering them
    /// twice (single node) adds nothing twice.
    /// </summary>
    public static IServiceCollection AddLinktorHostingOptions(this IServiceCollection services)
    {
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>());
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PresenceOptions>, PresenceOptionsValidator>());
        // One optional key: nothing to refuse, so no validator (the dashboard's validator requires it when the dashboard is on).
        services.AddOptions<PlatformOptions>().BindConfiguration(PlatformOptions.SectionName).ValidateOnStart();
        return services;
    }
}
