using Linktor.Contracts.Hosting.ClusterTls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClusterTlsHostingExtensions
{
    /// <summary>
    /// Cluster mode: what both ends of the cluster's mutual TLS (Orleans.Connections.Security) need, a silo (silo and
    /// gateway ports, connections to other silos) and a cluster client (its gateway connections): the settings, read
    /// and checked at start for <paramref name="role"/> (<see cref="ClusterTlsOptionsValidator"/>), and the certificates,
    /// loaded once when Orleans builds its connections. Each role puts them on its own connections: the silo's in
    /// Linktor.Silo.Hosting, the API node's in Linktor.Api.
    /// </summary>
    public static IServiceCollection AddLinktorClusterTls(this IServiceCollection services, IConfiguration configuration, ClusterTlsRole role)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(configuration);
        services.AddOptions<ClusterTlsOptions>().BindConfiguration(ClusterTlsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterTlsOptions>>(sp => new ClusterTlsOptionsValidator(role, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClusterCertificates>();
        services.AddHostedService<ClusterTlsDisabledWarning>();
        return services;
    }
}
