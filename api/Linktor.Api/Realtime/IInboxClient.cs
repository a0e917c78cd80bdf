using Linktor.Contracts.Channels;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Realtime;

/// <summary>What <c>/hubs/inbox</c> sends an agent's connection (API.md, "Realtime"): one method per event name.</summary>
public interface IInboxClient
{
    [HubMethodName(EventNames.MessageCreated)]
    Task MessageCreated(MessageRecord message);

    [HubMethodName(EventNames.MessageUpdated)]
    Task MessageUpdated(MessageRecord message);

    [HubMethodName(EventNames.ConversationCreated)]
    Task ConversationCreated(ConversationRecord conversation);

    [HubMethodName(EventNames.ConversationUpdated)]
    Task ConversationUpdated(ConversationRecord conversation);

    [HubMethodName(EventNames.ContactCreated)]
    Task ContactCreated(ContactRecord contact);

    [HubMethodName(EventNames.ContactUpdated)]
    Task ContactUpdated(ContactRecord contact);

    /// <summary>The channel as the REST API shows it (with its webhook_url and widget_snippet).</summary>
    [HubMethodName(EventNames.ChannelUpdated)]
    Task ChannelUpdated(ChannelRecord channel);

    [HubMethodName(EventNames.Presence)]
    Task Presence(AgentPresence presence);

    /// <summary>Someone else in the conversation typing: another agent or the web-chat visitor.</summary>
    [HubMethodName(TypingEvent.EventName)]
    Task Typing(TypingEvent typing);
}
