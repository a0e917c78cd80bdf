using System.Security.Claims;
using Linktor.Api.Auth;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Storage.Conversations;
using Linktor.Storage.Messages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Realtime;

/// <summary>
/// <c>/hubs/inbox</c>: agents. A connection gets its tenant's conversation-list events, and the
/// message events of conversations it joined. Events carry seq; <see cref="ResyncAsync"/> fills gaps.
/// </summary>
[Authorize(Policy = AuthSchemes.TenantPolicy)]
public sealed class InboxHub(
    ConversationQueries conversations, MessageReader messages, IGrainFactory grains, AgentConnections agents,
    SessionConnections sessions, IHubContext<WebChatHub, IWebChatClient> webchat) : Hub<IInboxClient>
{
    public const string Path = "/hubs/inbox";
    private const int ResyncLimit = 1000;

    private Caller Me => Caller.From(Context.User!);

    public override async Task OnConnectedAsync()
    {
        var me = Me;
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Tenant(me.TenantId));
        if (me.IsAgent)
        {
            if (Guid.TryParse(Context.User!.FindFirstValue(LinktorClaims.Session), out var sessionId))
            {
                sessions.Opened(me.TenantId, me.PrincipalId, sessionId, Context);
            }

            await agents.OpenedAsync(me.TenantId, new AgentConnection(me.PrincipalId, Context.ConnectionId));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var me = Me;
        if (me.IsAgent)
        {
            sessions.Closed(Context.ConnectionId);
            await agents.ClosedAsync(me.TenantId, new AgentConnection(me.PrincipalId, Context.ConnectionId));
        }
    }

    /// <summary>Starts the message events of a conversation for this connection.</summary>
    [HubMethodName("JoinConversation")]
    public async Task JoinConversationAsync(Guid conversationId)
    {
        await EnsureConversationAsync(conversationId);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Conversation(conversationId));
    }

    [HubMethodName("LeaveConversation")]
    public Task LeaveConversationAsync(Guid conversationId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Conversation(conversationId));

    [HubMethodName("Typing")]
    public async Task TypingAsync(Guid conversationId, bool isTyping)
    {
        var conversation = await EnsureConversationAsync(conversationId);
        var typing = new TypingEvent(conversationId, new TypingParty(Me.PrincipalId), null, isTyping);
        await Clients.OthersInGroup(HubGroups.Conversation(conversationId)).Typing(typing);
        if (conversation.ChannelType == ChannelType.Webchat)
        {
            await webchat.Clients.Group(HubGroups.Visitor(conversation.Contact.Id)).Typing(typing);
        }
    }

    /// <summary>Marks the contact's messages up to <paramref name="seq"/> read; the unread count follows.</summary>
    [HubMethodName("MarkRead")]
    public async Task MarkReadAsync(Guid conversationId, long seq)
    {
        var result = await grains.Get<IConversationGrain>(GrainKeys.Scoped(Me.TenantId, conversationId)).MarkReadAsync(seq, Me.Actor);
        if (!result.IsSuccess)
        {
            throw new HubException(result.Problem!.Detail);
        }
    }

    /// <summary>The messages after <paramref name="afterSeq"/>, in seq order (at most 1000; call again from the last seq for more).</summary>
    [HubMethodName("Resync")]
    public async Task<IReadOnlyList<MessageRecord>> ResyncAsync(Guid conversationId, long afterSeq)
    {
        await EnsureConversationAsync(conversationId);
        var (page, _) = await messages.ListAsync(Me.TenantId, conversationId, afterSeq, null, ResyncLimit, Context.ConnectionAborted);
        return page;
    }

    private async Task<ConversationRecord> EnsureConversationAsync(Guid conversationId) =>
        await conversations.GetAsync(Me.TenantId, conversationId, Context.ConnectionAborted)
        ?? throw new HubException("The conversation was not found.");
}
