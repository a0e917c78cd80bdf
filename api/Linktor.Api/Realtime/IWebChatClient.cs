using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Realtime;

/// <summary>What <c>/hubs/webchat</c> sends a visitor: the conversation's public messages and the agent typing.</summary>
public interface IWebChatClient
{
    [HubMethodName(EventNames.MessageCreated)]
    Task MessageCreated(MessageRecord message);

    [HubMethodName(EventNames.MessageUpdated)]
    Task MessageUpdated(MessageRecord message);

    [HubMethodName(TypingEvent.EventName)]
    Task Typing(TypingEvent typing);
}
