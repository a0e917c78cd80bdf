using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Hosting.ClusterTls;

/// <summary>
/// A cluster node with TLS on must have a certificate it can use (readable, with its key, valid now, allowed for the
/// connections it makes) and something to trust peers by: refusing to start says what is missing, where a node that
/// started would only fail every connection.
/// </summary>
public sealed class ClusterTlsOptionsValidator(ClusterTlsRole role, TimeProvider time) : IValidateOptions<ClusterTlsOptions>
{
    private const string Section = ClusterTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        ValidateLocalCertificate(options, failures);
        ValidateTrust(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateLocalCertificate(ClusterTlsOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            failures.Add($"Cluster mode encrypts and authenticates the silo and gateway connections: set {Section}:CertificatePath (and KeyPath) " +
                $"to this node's certificate, issued by the CA in {Section}:CaPath (deploy/README.md, \"Cluster certificates\"), " +
                $"or set {Section}:Enabled=false on a development machine.");
            return;
        }

        if (!File.Exists(options.CertificatePath))
        {
            failures.Add($"{Section}:CertificatePath: no file at {options.CertificatePath}.");
            return;
        }

        if (options.KeyPath is { Length: > 0 } key && !File.Exists(key))
        {
            failures.Add($"{Section}:KeyPath: no file at {key}.");
            return;
        }

        try
        {
            using var certificate = ClusterCertificateFiles.LoadLocal(options);
            var now = time.GetUtcNow();
            if (!certificate.HasPrivateKey)
            {
                failures.Add($"{Section}: the certificate at {options.CertificatePath} comes without its private key (set {Section}:KeyPath).");
            }
            else if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Section}: the certificate at {options.CertificatePath} is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now."));
            }
            else if (!ClusterCertificateFiles.AllowsUsage(certificate, role))
            {
                failures.Add($"{Section}: the certificate at {options.CertificatePath} must allow client authentication" +
                    (role == ClusterTlsRole.Silo ? " and server authentication (extendedKeyUsage = serverAuth, clientAuth)." : " (extendedKeyUsage = clientAuth)."));
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The exception's message names no secret (not the password): it says what could not be read.
            failures.Add($"{Section}: cannot read the certificate at {options.CertificatePath}{(options.KeyPath is { Length: > 0 } k ? $" with the key at {k}" : "")}: {ex.Message}");
        }
    }

    private static void ValidateTrust(ClusterTlsOptions options, List<string> failures)
    {
        var thumbprints = options.AllowedThumbprints.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (string.IsNullOrWhiteSpace(options.CaPath) && thumbprints.Count == 0)
        {
            failures.Add($"{Section}: set CaPath (the cluster CA's certificate, PEM) or AllowedThumbprints: without either, no peer could be trusted.");
        }

        foreach (var thumbprint in thumbprints.Select(ClusterCertificateFiles.NormalizeThumbprint))
        {
            if (thumbprint.Length != 64 || !thumbprint.All(char.IsAsciiHexDigit))
            {
                failures.Add($"{Section}:AllowedThumbprints: '{thumbprint}' is not a SHA-256 fingerprint (64 hex digits, e.g. from `openssl x509 -noout -fingerprint -sha256`).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.CaPath))
        {
            return;
        }

        if (!File.Exists(options.CaPath))
        {
            failures.Add($"{Section}:CaPath: no file at {options.CaPath}.");
            return;
        }

        try
        {
            if (ClusterCertificateFiles.LoadAuthorities(options.CaPath).Count == 0)
            {
                failures.Add($"{Section}:CaPath: {options.CaPath} holds no PEM certificate.");
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{Section}:CaPath: cannot read {options.CaPath}: {ex.Message}");
        }
    }
}
