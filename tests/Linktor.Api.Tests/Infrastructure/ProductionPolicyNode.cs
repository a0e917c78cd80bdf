namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node with production's outbound policy: no provider, media or webhook request reaches a loopback, private or
/// link-local address, and a channel's <c>api_base_url</c> must be its provider's (the other nodes allow both, because
/// the fake providers and receivers listen on loopback).
/// </summary>
public sealed class ProductionPolicyNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Outbound:AllowPrivateNetworks"] = "false",
        ["Linktor:Webhooks:AllowPrivateNetworks"] = "false",
        ["Linktor:Channels:AllowCustomApiBaseUrl"] = "false",
    },
    realtime: false);
