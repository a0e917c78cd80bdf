namespace Linktor.Adapters;

/// <summary><c>Linktor:Outbound</c>: where the node's own HTTP clients (providers, their media, webhooks) may connect.</summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Linktor:Outbound";

    /// <summary>
    /// Connect to loopback, private and link-local addresses too. Off by default: a tenant admin chooses channel
    /// base URLs, media URLs arrive in webhooks, and none of them may reach the network Linktor runs in (cloud
    /// metadata at 169.254.169.254, internal services). Test suites turn it on for their fake providers on loopback.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
