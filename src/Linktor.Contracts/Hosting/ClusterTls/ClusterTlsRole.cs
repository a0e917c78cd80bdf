namespace Linktor.Contracts.Hosting.ClusterTls;

/// <summary>Which end of the cluster's connections this process is, for the certificate usages it needs.</summary>
public enum ClusterTlsRole
{
    /// <summary>A silo: it accepts connections (silo and gateway ports) and opens them to other silos.</summary>
    Silo,

    /// <summary>A cluster client (an API node): it only opens connections to gateways.</summary>
    Client,
}
