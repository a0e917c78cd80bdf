using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Hosting.ClusterTls;

/// <summary>
/// This node's certificate and the rule its peers are judged by: a peer is one of the cluster when its certificate
/// chains to the configured CA, or is pinned by its SHA-256 fingerprint. Host names are not checked: silos advertise
/// pod addresses that change with every start, so the CA (which issues only cluster certificates) is the identity.
/// </summary>
public sealed partial class ClusterCertificates
{
    private readonly X509Certificate2Collection _authorities;
    private readonly HashSet<string> _thumbprints;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterCertificates> _logger;

    public ClusterCertificates(IOptions<ClusterTlsOptions> options, TimeProvider time, ILogger<ClusterCertificates> logger)
    {
        var tls = options.Value; // validated: the files exist and load
        Local = ClusterCertificateFiles.LoadLocal(tls);
        _authorities = tls.CaPath is { Length: > 0 } ca ? ClusterCertificateFiles.LoadAuthorities(ca) : [];
        _thumbprints = tls.AllowedThumbprints.Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(ClusterCertificateFiles.NormalizeThumbprint).ToHashSet(StringComparer.Ordinal);
        _time = time;
        _logger = logger;
    }

    /// <summary>The certificate this node presents, as server and as client.</summary>
    public X509Certificate2 Local { get; }

    /// <summary>
    /// The TLS peer check (Orleans' <c>RemoteCertificateValidation</c>): the platform's own verdict is set aside, since it
    /// trusts the machine's public roots and wants a host name; ours trusts only the cluster's CA or pinned certificates.
    /// </summary>
    public bool IsTrustedPeer(X509Certificate2 peer, X509Chain? presented, SslPolicyErrors platformErrors)
    {
        var now = _time.GetUtcNow();
        var current = now >= peer.NotBefore.ToUniversalTime() && now <= peer.NotAfter.ToUniversalTime();
        var fingerprint = peer.GetCertHashString(HashAlgorithmName.SHA256);
        if (current && _thumbprints.Contains(fingerprint))
        {
            return true;
        }

        if (_authorities.Count > 0)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            // Intermediates the peer sent along: a path to the root may run through them.
            if (presented is not null)
            {
                foreach (var element in presented.ChainElements)
                {
                    if (!element.Certificate.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
                    {
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }
            }

            if (chain.Build(peer))
            {
                return true;
            }

            LogUntrustedPeer(_logger, peer.Subject, fingerprint, string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
            return false;
        }

        LogUntrustedPeer(_logger, peer.Subject, fingerprint, current ? "not a pinned certificate" : "expired or not yet valid");
        return false;
    }

    // Log event ids 41xx: cluster TLS (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Refused a cluster connection: the peer's certificate ({Subject}, SHA-256 {Fingerprint}) is not one of the cluster's ({Reason})")]
    private static partial void LogUntrustedPeer(ILogger logger, string subject, string fingerprint, string reason);
}
