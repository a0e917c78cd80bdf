namespace Linktor.Contracts.Hosting.ClusterTls;

/// <summary>
/// <c>Linktor:ClusterTls</c>: mutual TLS on the cluster's own ports in cluster mode. Every silo-to-silo and
/// client-to-gateway connection is encrypted, both ends present a certificate, and each end accepts only a peer whose
/// certificate chains to <see cref="CaPath"/> (or is one of <see cref="AllowedThumbprints"/>). Without it, any process
/// that reaches a silo or gateway port could call any grain (create an API key for any tenant). Single-node mode has no
/// such ports open to others and ignores this section.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Linktor:ClusterTls";

    /// <summary>On by default in cluster mode; <c>false</c> only for development, and logged as a warning at every start.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This node's certificate: a PEM file (key in <see cref="KeyPath"/> or in the same file) or a PFX/PKCS#12 (.pfx, .p12).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when it is not in the certificate's own file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX's password, or the password of an encrypted PEM key. A secret: never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// PEM file of the cluster's own CA certificate(s): a peer's certificate must chain to one of them. Use a CA that
    /// issues only the cluster's certificates, never a public one (anyone could get a certificate from that).
    /// </summary>
    public string? CaPath { get; set; }

    /// <summary>SHA-256 fingerprints (hex, colons allowed) of peer certificates accepted whatever signed them.</summary>
    public string[] AllowedThumbprints { get; set; } = [];
}
