namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// Custom API base URLs allowed (so a channel can point at a fake on loopback, or at an attacker's choice of host), but
/// production's address policy: the connect-time check is then all that stands between a URL and the node's network.
/// </summary>
public sealed class PrivateNetworksRefusedNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Outbound:AllowPrivateNetworks"] = "false",
        ["Linktor:Webhooks:AllowPrivateNetworks"] = "false",
        ["Linktor:Channels:AllowCustomApiBaseUrl"] = "true",
    },
    realtime: false);
