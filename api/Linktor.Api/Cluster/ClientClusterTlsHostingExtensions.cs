using System.Security.Authentication;
using Linktor.Contracts.Hosting.ClusterTls;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClientClusterTlsHostingExtensions
{
    /// <summary>
    /// Cluster mode: mutual TLS (Orleans.Connections.Security) on this cluster client's gateway connections. The silos'
    /// own ports get theirs in Linktor.Silo.Hosting (SiloClusterTlsHostingExtensions).
    /// </summary>
    public static IServiceCollection AddLinktorClientClusterTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLinktorClusterTls(configuration, ClusterTlsRole.Client);
        services.AddOptions<ClientConnectionOptions>().Configure<IOptions<ClusterTlsOptions>, IServiceProvider>((connections, tls, sp) =>
        {
            if (tls.Value.Enabled)
            {
                var options = TlsOptionsFor(sp.GetRequiredService<ClusterCertificates>());
                connections.ConfigureConnection(c => c.UseClientTls(options));
            }
        });
        return services;
    }

    /// <summary>The same policy as the silos' (SiloClusterTlsHostingExtensions): the two ends must agree on it.</summary>
    private static TlsOptions TlsOptionsFor(ClusterCertificates certificates) => new()
    {
        LocalCertificate = certificates.Local,
        // Both ends present a certificate and both check the other's: a connection is the cluster's or it is closed.
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = certificates.IsTrustedPeer,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
    };
}
