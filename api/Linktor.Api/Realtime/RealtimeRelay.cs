using Linktor.Api.Infrastructure;
using Linktor.Contracts.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Realtime;

/// <summary>
/// This API node's end of the event path: grains' events arrive here (as an Orleans observer) and
/// go to SignalR groups. Message events reach the agents watching the conversation (and the
/// web-chat visitor, for public messages); everything else reaches all the tenant's agents.
/// </summary>
public sealed class RealtimeRelay(IHubContext<InboxHub> inbox, IHubContext<WebChatHub> webchat, PublicUrls urls) : IRealtimeObserver
{
    public async Task OnEventsAsync(IReadOnlyList<RealtimeEvent> events)
    {
        // One at a time: SignalR keeps per-connection order only for sends made in order.
        foreach (var e in events)
        {
            if (e.Message is { } message)
            {
                await inbox.Clients.Group(HubGroups.Conversation(message.ConversationId)).SendAsync(e.Name, message);
                if (e.VisitorContactId is { } visitor)
                {
                    await webchat.Clients.Group(HubGroups.Visitor(visitor)).SendAsync(e.Name, message);
                }

                continue;
            }

            // A channel as the REST API shows it: with its webhook_url (and widget_snippet), which only this side knows.
            object? data = (object?)e.Conversation ?? (object?)e.Contact ?? (e.Channel is { } channel ? urls.Complete(channel) : null);
            if (data is not null)
            {
                await inbox.Clients.Group(HubGroups.Tenant(e.TenantId)).SendAsync(e.Name, data);
            }
        }
    }
}
