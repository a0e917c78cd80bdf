using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Linktor.Contracts.Hosting.ClusterTls;

/// <summary>Reads the certificates <see cref="ClusterTlsOptions"/> names: this node's (with its key) and the trusted CAs.</summary>
public static class ClusterCertificateFiles
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>This node's certificate with its private key. Throws <see cref="CryptographicException"/> or IO errors when unreadable.</summary>
    public static X509Certificate2 LoadLocal(ClusterTlsOptions options)
    {
        var path = options.CertificatePath ?? throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:CertificatePath is not set.");
        if (IsPkcs12(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }

        var certificate = options.CertificatePassword is { Length: > 0 } password
            ? X509Certificate2.CreateFromEncryptedPemFile(path, password, options.KeyPath)
            : X509Certificate2.CreateFromPemFile(path, options.KeyPath);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // Windows' TLS stack cannot use a key that lives only in memory (as one read from PEM does): go through PKCS#12.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>Every certificate in the PEM file at <paramref name="path"/>.</summary>
    public static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(path);
        return authorities;
    }

    /// <summary>Whether <paramref name="certificate"/> may authenticate the ends of the connections a <paramref name="role"/> makes and takes.</summary>
    public static bool AllowsUsage(X509Certificate2 certificate, ClusterTlsRole role)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        if (usages is null)
        {
            return true; // no EKU extension: any usage
        }

        var oids = usages.Cast<Oid>().Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        return oids.Contains(ClientAuth) && (role == ClusterTlsRole.Client || oids.Contains(ServerAuth));
    }

    /// <summary>A thumbprint as configured (any case, colons or spaces between bytes) in the form compared: upper-case hex.</summary>
    public static string NormalizeThumbprint(string thumbprint) =>
        new([.. thumbprint.Where(c => c is not (':' or ' ')).Select(char.ToUpperInvariant)]);

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}
