using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Linktor.Contracts.Hosting.ClusterTls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Hosting;

/// <summary>
/// <c>Linktor:ClusterTls</c> at a cluster node's start: on by default, a node without a usable certificate and a
/// way to trust its peers refuses to start and says what is missing; switched off, it starts and warns; with
/// certificates, it trusts exactly the peers its CA signed or its settings pin.
/// </summary>
public sealed class ClusterTlsStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("linktor-cluster-tls-").FullName;
    private readonly CertificateAuthority _ca = new("CN=Test cluster CA");
    private readonly CertificateAuthority _otherCa = new("CN=Someone else's CA");

    [Fact]
    public async Task AClusterNodeWithoutCertificatesRefusesToStartAndSaysWhatToSet()
    {
        using var host = Build(new Dictionary<string, string?>(), ClusterTlsRole.Silo);

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        refused.Message.ShouldContain("Linktor:ClusterTls:CertificatePath");
        refused.Message.ShouldContain("without either, no peer could be trusted");
    }

    public static TheoryData<string, string> UnusableSettings() => new()
    {
        { "missing-key", "no file at" },
        { "no-trust", "without either, no peer could be trusted" },
        { "expired", "not now" },
        { "server-only", "must allow client authentication" },
        { "bad-thumbprint", "is not a SHA-256 fingerprint" },
    };

    [Theory]
    [MemberData(nameof(UnusableSettings))]
    public async Task AClusterNodeWhoseCertificateCannotWorkRefusesToStart(string problem, string said)
    {
        var settings = NodeSettings(_ca.Issue("CN=silo-1", ServerAndClient));
        switch (problem)
        {
            case "missing-key":
                settings["Linktor:ClusterTls:KeyPath"] = Path.Combine(_dir, "absent.key");
                break;
            case "no-trust":
                settings["Linktor:ClusterTls:CaPath"] = null;
                break;
            case "expired":
                settings = NodeSettings(_ca.Issue("CN=silo-1", ServerAndClient, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1)));
                break;
            case "server-only":
                settings = NodeSettings(_ca.Issue("CN=silo-1", [ServerAuth]));
                break;
            case "bad-thumbprint":
                settings["Linktor:ClusterTls:AllowedThumbprints:0"] = "AB:CD";
                break;
        }

        using var host = Build(settings, ClusterTlsRole.Silo);

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        refused.Message.ShouldContain(said);
    }

    [Fact]
    public async Task AClusterClientNeedsOnlyClientAuthentication()
    {
        using var host = Build(NodeSettings(_ca.Issue("CN=api-1", [ClientAuth])), ClusterTlsRole.Client);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TlsSwitchedOffStartsAndWarnsThatThePortsAreOpen()
    {
        var logs = new CapturedLogs();
        using var host = Build(new Dictionary<string, string?> { ["Linktor:ClusterTls:Enabled"] = "false" }, ClusterTlsRole.Silo, logs);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains("CLUSTER TLS IS OFF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANodeTrustsThePeersItsCaSignedOrItsSettingsPinAndNoOthers()
    {
        using var pinned = _otherCa.Issue("CN=pinned", ServerAndClient);
        var settings = NodeSettings(_ca.Issue("CN=silo-1", ServerAndClient));
        settings["Linktor:ClusterTls:AllowedThumbprints:0"] = string.Join(':', Convert.ToHexString(pinned.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)).Select(s => s.ToLowerInvariant()));
        using var host = Build(settings, ClusterTlsRole.Silo);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var certificates = host.Services.GetRequiredService<ClusterCertificates>();

        using var peer = _ca.Issue("CN=silo-2", ServerAndClient);
        using var stranger = _otherCa.Issue("CN=silo-2", ServerAndClient);
        using var selfSigned = new CertificateAuthority("CN=silo-2").Certificate;
        // The platform's own verdict (no public root, no host name) is what a cluster peer always gets: it is set aside.
        const SslPolicyErrors platform = SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch;
        certificates.IsTrustedPeer(peer, null, platform).ShouldBeTrue("signed by the cluster's CA");
        certificates.IsTrustedPeer(pinned, null, platform).ShouldBeTrue("pinned by its SHA-256 fingerprint (any case, colons)");
        certificates.IsTrustedPeer(stranger, null, platform).ShouldBeFalse("another CA's certificate");
        certificates.IsTrustedPeer(selfSigned, null, platform).ShouldBeFalse("a self-signed certificate");
        certificates.Local.HasPrivateKey.ShouldBeTrue();
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private static readonly string[] ServerAndClient = [ServerAuth, ClientAuth];

    /// <summary>Settings naming <paramref name="certificate"/> (written as PEM certificate and key files) and the cluster CA.</summary>
    private Dictionary<string, string?> NodeSettings(X509Certificate2 certificate)
    {
        using (certificate)
        {
            var name = Guid.NewGuid().ToString("n");
            var certificatePath = Path.Combine(_dir, name + ".pem");
            var keyPath = Path.Combine(_dir, name + ".key");
            var caPath = Path.Combine(_dir, "ca.pem");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caPath, _ca.Certificate.ExportCertificatePem());
            return new()
            {
                ["Linktor:ClusterTls:CertificatePath"] = certificatePath,
                ["Linktor:ClusterTls:KeyPath"] = keyPath,
                ["Linktor:ClusterTls:CaPath"] = caPath,
            };
        }
    }

    private static IHost Build(Dictionary<string, string?> settings, ClusterTlsRole role, CapturedLogs? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddLinktorClusterTls(builder.Configuration, role);
        return builder.Build();
    }

    /// <summary>A CA key and certificate that issues node certificates, as cluster-certs.sh does with openssl.</summary>
    private sealed class CertificateAuthority : IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public CertificateAuthority(string subject)
        {
            var request = new CertificateRequest(subject, _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(1));
        }

        public X509Certificate2 Certificate { get; }

        public X509Certificate2 Issue(string subject, string[] usages, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages.Select(u => new Oid(u))], false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
            using var issued = request.Create(Certificate, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30),
                RandomNumberGenerator.GetBytes(16));
            return issued.CopyWithPrivateKey(key);
        }

        public void Dispose()
        {
            Certificate.Dispose();
            _key.Dispose();
        }
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
