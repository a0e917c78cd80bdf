namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// Custom API base URLs allowed (so a channel can point at a fake on loopback, or at an attacker's choice of host), but
/// production's address policy for providers and media: the connect-time check is then all that stands between a URL
/// and the node's network. Webhooks keep their older setting, on: it still allows them, and only them.
/// </summary>
public sealed class PrivateNetworksRefusedNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Outbound:AllowPrivateNetworks"] = "false",
        ["Linktor:Webhooks:AllowPrivateNetworks"] = "true",
        ["Linktor:Channels:AllowCustomApiBaseUrl"] = "true",
    },
    realtime: false);
