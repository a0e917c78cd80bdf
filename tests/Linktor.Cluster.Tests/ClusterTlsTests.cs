using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Linktor.Cluster.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// The cluster's own ports take only the cluster's nodes (issue 13, item 6): silo-to-silo and client-to-gateway
/// connections are mutual TLS, and a peer whose certificate the cluster's CA did not sign (or that brings none, or
/// speaks no TLS) is closed before it can call a grain, such as <c>ITenantGrain.CreateApiKeyAsync</c> for any tenant.
/// The cluster's nodes themselves (every other test here) run with it on.
/// </summary>
public sealed class ClusterTlsTests(ClusterFixture cluster)
{
    /// <summary>What an intruder that reaches the ports brings.</summary>
    public enum Intruder
    {
        /// <summary>No TLS at all (an Orleans client as before this change); on the silo port: TLS without a certificate.</summary>
        NoCertificate,

        /// <summary>A certificate it signed itself.</summary>
        SelfSigned,

        /// <summary>A proper node certificate from another CA (made with the same script as the cluster's).</summary>
        AnotherCa,
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AClientWithACertificateOfTheClusterCaCallsGrainsThroughTheGateways()
    {
        await cluster.WaitUntilReadyAsync();
        using var certificate = await ClusterFixture.IssueCertificateAsync(ClusterFixture.CertificateDir, "test-client");
        using var deadline = Within(Deadline);

        await using var client = await GatewayClient.ConnectAsync(Gateways(), certificate, retry: true, deadline.Token);
        var hosts = await client.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, TestContext.Current.CancellationToken).WaitAsync(Deadline, TestContext.Current.CancellationToken);

        hosts.Keys.Select(h => h.Endpoint).ShouldContain(e => Gateways().Any(g => g.Address.Equals(e.Address)),
            "the cluster answered a grain call of a client holding a certificate of its CA");
    }

    [Theory]
    [InlineData(Intruder.NoCertificate)]
    [InlineData(Intruder.SelfSigned)]
    [InlineData(Intruder.AnotherCa)]
    public async Task TheGatewaysRefuseAClientWithoutACertificateOfTheClusterCa(Intruder intruder)
    {
        await cluster.WaitUntilReadyAsync();
        using var certificate = await CertificateOfAsync(intruder);

        // Each gateway on its own, so that a failure names the silo and how long it took.
        foreach (var (silo, gateway) in cluster.LiveSilos.Select(s => (s.Name, s.GatewayEndpoint!)))
        {
            using var deadline = Within(Deadline);
            var took = Stopwatch.StartNew();
            var refused = await Should.ThrowAsync<Exception>(async () =>
            {
                // No second try: the first connection the gateway closes fails the connect (Orleans would try until the deadline).
                await using var client = await GatewayClient.ConnectAsync([gateway], certificate, retry: false, deadline.Token);
                await client.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, TestContext.Current.CancellationToken).WaitAsync(Deadline, TestContext.Current.CancellationToken);
            });

            deadline.IsCancellationRequested.ShouldBeFalse(
                $"{silo}'s gateway closed the connection rather than leaving it waiting (refused after {took.Elapsed.TotalSeconds:F1} s: {refused.GetType().Name}: {refused.Message})");
            TestContext.Current.TestOutputHelper?.WriteLine($"{intruder} at {silo}: after {took.Elapsed.TotalSeconds:F1} s, {refused.GetType().Name}: {refused.Message}");
        }
    }

    [Theory]
    [InlineData(Intruder.NoCertificate)]
    [InlineData(Intruder.SelfSigned)]
    [InlineData(Intruder.AnotherCa)]
    public async Task TheSiloPortClosesOnAPeerWithoutACertificateOfTheClusterCa(Intruder intruder)
    {
        await cluster.WaitUntilReadyAsync();
        using var certificate = await CertificateOfAsync(intruder);

        var (bytes, error) = await ReadFromSiloPortAsync(certificate);

        bytes.ShouldBe(0, $"the silo said nothing to a peer with {intruder} but closed the connection ({error?.GetType().Name}: {error?.Message})");
    }

    [Fact]
    public async Task TheSiloPortSpeaksOrleansToAPeerWithACertificateOfTheClusterCa()
    {
        await cluster.WaitUntilReadyAsync();
        using var certificate = await ClusterFixture.IssueCertificateAsync(ClusterFixture.CertificateDir, "test-peer");

        var (bytes, error) = await ReadFromSiloPortAsync(certificate);

        // A silo greets a connection it accepted with its preamble (its identity): what the intruders never get.
        error.ShouldBeNull();
        bytes.ShouldBeGreaterThan(0);
    }

    private static CancellationTokenSource Within(TimeSpan timeout)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    private IReadOnlyList<IPEndPoint> Gateways() => [.. cluster.LiveSilos.Select(s => s.GatewayEndpoint!)];

    /// <summary>
    /// A TLS connection to a live silo's silo port, presenting <paramref name="certificate"/>, and the first read on it:
    /// how many bytes came (0: the silo closed it), or the error that ended it. With TLS 1.3 the client's side of the
    /// handshake completes before the server has judged the client's certificate, so the verdict shows in the read.
    /// </summary>
    private async Task<(int Bytes, Exception? Error)> ReadFromSiloPortAsync(X509Certificate2? certificate)
    {
        var silo = cluster.LiveSilos[0].SiloEndpoint!;
        using var deadline = Within(Deadline);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(silo, deadline.Token);
        // An intruder takes whatever certificate the silo shows: only the silo's verdict on the intruder's is tested.
#pragma warning disable CA5359
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
#pragma warning restore CA5359
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "silo",
                ClientCertificates = certificate is null ? null : [certificate],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                // Orleans' protocol name: a peer that speaks it, as far as ALPN goes.
                ApplicationProtocols = [new SslApplicationProtocol("Orleans1")],
            }, deadline.Token);
            var buffer = new byte[256];
            var read = await tls.ReadAsync(buffer, deadline.Token);
            return (read, null);
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException)
        {
            return (0, ex);
        }
        finally
        {
            deadline.IsCancellationRequested.ShouldBeFalse("the silo answered within the deadline: it does not leave a peer waiting");
        }
    }

    private static async Task<X509Certificate2?> CertificateOfAsync(Intruder intruder) => intruder switch
    {
        Intruder.NoCertificate => null,
        Intruder.SelfSigned => SelfSigned(),
        Intruder.AnotherCa => await ClusterFixture.IssueCertificateAsync(Path.Combine(ClusterFixture.Dir, "intruder-ca"), "silo-1"),
        _ => throw new ArgumentOutOfRangeException(nameof(intruder)),
    };

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=silo-1", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
