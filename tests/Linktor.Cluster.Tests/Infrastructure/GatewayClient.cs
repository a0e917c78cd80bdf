using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// An Orleans client of the cluster's gateways, as any process that reaches the gateway ports could make one: with
/// no TLS, or with TLS and a certificate of its choosing (it trusts whatever certificate the gateway shows).
/// </summary>
public sealed class GatewayClient : IAsyncDisposable
{
    private readonly IHost _host;

    private GatewayClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Connects to <paramref name="gateways"/>. <paramref name="retry"/>: whether to try again after a failed attempt, as
    /// Orleans does by default (until <paramref name="ct"/>); without, the first refusal throws.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, X509Certificate2? certificate, bool retry, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. gateways]);
            if (!retry)
            {
                client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            }

            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterFixture.ClusterId, ClusterFixture.ServiceId));
            if (certificate is not null)
            {
                client.UseTls(certificate, o =>
                {
                    o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.AllowAnyRemoteCertificate();
                });
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            return new GatewayClient(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
