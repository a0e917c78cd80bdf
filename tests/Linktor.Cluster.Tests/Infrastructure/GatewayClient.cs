using System.Diagnostics;
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
    /// Connects to <paramref name="gateways"/>. <paramref name="retry"/>: whether to try again, a second after each failed
    /// attempt, until <paramref name="ct"/>; without, the first refusal throws. Either way the failure that ends it is a
    /// <see cref="GatewayConnectFailedException"/> with every attempt's outcome and time, so a failing test says what
    /// the gateways did.
    /// </summary>
    public static async Task<GatewayClient> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, X509Certificate2? certificate, bool retry, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var attempts = new List<string>();
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. gateways]);
            client.UseConnectionRetryFilter(async (failure, token) =>
            {
                lock (attempts)
                {
                    attempts.Add($"{started.Elapsed.TotalSeconds:F1} s: {Describe(failure)}");
                }

                if (!retry || token.IsCancellationRequested)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), token);
                return true;
            });

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
        catch (Exception failure)
        {
            host.Dispose();
            lock (attempts)
            {
                throw new GatewayConnectFailedException(
                    $"No gateway of {string.Join(", ", gateways)} took the connection (after {started.Elapsed.TotalSeconds:F1} s; " +
                    $"attempts: {(attempts.Count == 0 ? Describe(failure) : string.Join(" | ", attempts))})", failure, started.Elapsed);
            }
        }
    }

    /// <summary>The exception and its inner ones, type and message each: what a gateway did to the attempt.</summary>
    private static string Describe(Exception failure)
    {
        var parts = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" -> ", parts);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
