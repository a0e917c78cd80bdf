using System.Text.Json;
using Linktor.Cluster.Tests.Infrastructure;
using Linktor.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;
using Xunit;

namespace Linktor.Cluster.Tests;

/// <summary>
/// With two API nodes, an agent receives every event of the conversations it watches exactly once, whichever
/// node took the request and whichever silo hosts the conversation; a web-chat visitor likewise.
/// </summary>
public sealed class RealtimeAcrossNodesTests(ClusterFixture cluster)
{
    private static readonly TimeSpan WiringTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnAgentOnEitherNodeGetsAMessageSentThroughTheOtherExactlyOnce()
    {
        var tenant = await ClusterTenant.CreateAsync(cluster, conversations: 1);
        var conversation = tenant.Conversations[0];
        var (node1, node2) = (cluster.ApiNodes[0], cluster.ApiNodes[1]);
        await using var agentOn1 = await HubClient.ConnectAsync(node1, "/hubs/inbox", tenant.AdminToken);
        await using var agentOn2 = await HubClient.ConnectAsync(node2, "/hubs/inbox", tenant.AdminToken);
        await agentOn1.Connection.InvokeAsync("JoinConversation", conversation, TestContext.Current.CancellationToken);
        await agentOn2.Connection.InvokeAsync("JoinConversation", conversation, TestContext.Current.CancellationToken);
        using var api1 = cluster.CreateHttpClient(node1, tenant.ApiKey);
        using var api2 = cluster.CreateHttpClient(node2, tenant.ApiKey);
        await WaitUntilEventsFlowAsync(api2, conversation, agentOn1);

        var throughNode2 = await ClusterTenant.SendTextAsync(api2, conversation, "sent through node 2");
        var throughNode1 = await ClusterTenant.SendTextAsync(api1, conversation, "sent through node 1");
        // Events of one conversation arrive in order: once the fence is in, a duplicate of the earlier ones would be too.
        var fence = await ClusterTenant.SendTextAsync(api2, conversation, "fence");
        foreach (var (agent, node) in new[] { (agentOn1, node1), (agentOn2, node2) })
        {
            await agent.WaitForMessageAsync(fence.Id, $"the agent on {node.Name} gets the fence");
            agent.CountMessage(throughNode2.Id).ShouldBe(1, $"the agent on {node.Name} gets the message sent through {node2.Name} once");
            agent.CountMessage(throughNode1.Id).ShouldBe(1, $"the agent on {node.Name} gets the message sent through {node1.Name} once");
        }
    }

    [Fact]
    public async Task AWebChatVisitorOnOneNodeIsAnsweredByAnAgentOnTheOther()
    {
        var tenant = await ClusterTenant.CreateAsync(cluster, conversations: 0);
        var (node1, node2) = (cluster.ApiNodes[0], cluster.ApiNodes[1]);
        var session = await tenant.StartVisitorAsync(cluster, node2);
        await using var visitor = await HubClient.ConnectAsync(node2, "/hubs/webchat", session.VisitorToken);
        await using var agent = await HubClient.ConnectAsync(node1, "/hubs/inbox", tenant.AdminToken);
        using var agentApi = cluster.CreateHttpClient(node1, tenant.ApiKey);

        var first = await VisitorSendsAsync(visitor, "hello from node 2");
        await agent.Connection.InvokeAsync("JoinConversation", first.ConversationId, TestContext.Current.CancellationToken);
        await WaitUntilEventsFlowAsync(agentApi, first.ConversationId, visitor);

        var question = await VisitorSendsAsync(visitor, "anyone there?");
        var answer = await ClusterTenant.SendTextAsync(agentApi, first.ConversationId, "yes, on node 1");
        var fence = await ClusterTenant.SendTextAsync(agentApi, first.ConversationId, "fence");
        await agent.WaitForMessageAsync(fence.Id, "the agent on node 1 gets its own fence");
        agent.CountMessage(question.Id).ShouldBe(1, "the agent on node 1 gets the visitor's message (received on node 2) once");
        await visitor.WaitForMessageAsync(fence.Id, "the visitor on node 2 gets the fence");
        visitor.CountMessage(answer.Id).ShouldBe(1, "the visitor on node 2 gets the reply sent through node 1 once");
    }

    /// <summary>
    /// API nodes join the realtime directory within seconds of starting, and silos re-read it every few seconds;
    /// until then events are dropped by design (clients resync). Sends probes until one reaches <paramref name="watcher"/>.
    /// </summary>
    private static async Task WaitUntilEventsFlowAsync(HttpClient api, Guid conversation, HubClient watcher)
    {
        await Eventually.TrueAsync(async () =>
        {
            var probe = await ClusterTenant.SendTextAsync(api, conversation, "probe");
            await Eventually.TrueAsync(() => Task.FromResult(watcher.CountMessage(probe.Id) > 0), TimeSpan.FromSeconds(2), "probe");
            return true;
        }, WiringTimeout, "real-time events flow between the API nodes");
    }


    private static async Task<MessageRef> VisitorSendsAsync(HubClient visitor, string text) =>
        Wire.Read<MessageRef>(await visitor.Connection.InvokeAsync<JsonElement>("SendMessage", new { type = "text", text }, TestContext.Current.CancellationToken));
}
