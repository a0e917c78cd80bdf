using Linktor.Api.Infrastructure;
using Linktor.Contracts.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// This API node's end of the event path: grains' events arrive here (as an Orleans observer) and
/// go to SignalR groups. Message events reach the agents watching the conversation (and the
/// web-chat visitor, for public messages); everything else reaches all the tenant's agents.
/// </summary>
public sealed partial class RealtimeRelay(
    IHubContext<InboxHub, IInboxClient> inbox, IHubContext<WebChatHub, IWebChatClient> webchat, PublicUrls urls, IOptions<RealtimeOptions> options,
    SessionConnections sessions, ILogger<RealtimeRelay> logger) : IRealtimeObserver
{
    public async Task OnEventsAsync(IReadOnlyList<RealtimeEvent> events)
    {
        // Ended sessions reach every node (not one per backplane): each closes the connections it holds.
        foreach (var e in events)
        {
            if (e.SessionsEnded is { } ended)
            {
                sessions.End(e.TenantId, ended);
            }
        }

        if (!options.Value.RedisBackplane)
        {
            // One at a time: local connections keep their order only for sends made one after another.
            foreach (var e in events)
            {
                foreach (var send in Sends(e))
                {
                    await send();
                }
            }

            return;
        }

        // Through the backplane every send is one Redis PUBLISH on one multiplexer, which writes commands in
        // the order they are issued: issue them all, then wait. Awaiting each round trip in turn would cap a
        // node at a few thousand events a second, and a busy node would miss the silo's delivery deadline.
        var sends = events.SelectMany(Sends).Select(send => send()).ToList();
        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Redis is restarting: these events are lost (clients resync by seq). Answering the silo normally
            // keeps an exception it could not deserialize off the wire, and keeps this node in its rotation.
            LogBackplaneDown(logger, sends.Count(t => t.IsFaulted), sends.Count, ex.Message);
        }
    }

    private IEnumerable<Func<Task>> Sends(RealtimeEvent e)
    {
        if (e.Message is { } message)
        {
            var updated = e.Name == EventNames.MessageUpdated;
            var agents = inbox.Clients.Group(HubGroups.Conversation(message.ConversationId));
            yield return () => updated ? agents.MessageUpdated(message) : agents.MessageCreated(message);
            if (e.VisitorContactId is { } visitor)
            {
                var visitorClient = webchat.Clients.Group(HubGroups.Visitor(visitor));
                yield return () => updated ? visitorClient.MessageUpdated(message) : visitorClient.MessageCreated(message);
            }

            yield break;
        }

        var tenant = inbox.Clients.Group(HubGroups.Tenant(e.TenantId));
        Func<Task>? send = e switch
        {
            { Conversation: { } conversation } => e.Name == EventNames.ConversationCreated
                ? () => tenant.ConversationCreated(conversation)
                : () => tenant.ConversationUpdated(conversation),
            { Contact: { } contact } => e.Name == EventNames.ContactCreated
                ? () => tenant.ContactCreated(contact)
                : () => tenant.ContactUpdated(contact),
            { Presence: { } presence } => () => tenant.Presence(presence),
            // A channel as the REST API shows it: with its webhook_url (and widget_snippet), which only this side knows.
            { Channel: { } channel } => () => tenant.ChannelUpdated(urls.Complete(channel)),
            _ => null,
        };
        if (send is not null)
        {
            yield return send;
        }
    }

    // Log event ids 60xx: the API's real-time connections (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "The SignalR backplane dropped {Failed} of {Count} event sends: {Reason}")]
    private static partial void LogBackplaneDown(ILogger logger, int failed, int count, string reason);
}
