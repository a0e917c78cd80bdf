namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node with production's webhook destination policy: loopback, private and link-local addresses refused (the
/// other nodes allow them, because the fake receivers listen on loopback).
/// </summary>
public sealed class ProductionWebhookPolicyNode() : LinktorNode(
    new Dictionary<string, string> { ["Linktor:Webhooks:AllowPrivateNetworks"] = "false" },
    realtime: false);
