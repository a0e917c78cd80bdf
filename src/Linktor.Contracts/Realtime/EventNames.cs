namespace Linktor.Contracts.Realtime;

/// <summary>Event names shared by SignalR and outbound webhooks (API.md, "Events").</summary>
public static class EventNames
{
    public const string MessageCreated = "message.created";
    public const string MessageUpdated = "message.updated";
    public const string ConversationCreated = "conversation.created";
    public const string ConversationUpdated = "conversation.updated";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ChannelUpdated = "channel.updated";

    /// <summary>SignalR only: agents coming online and going offline are not webhook events.</summary>
    public const string Presence = "presence";

    /// <summary>Every event, in the order API.md lists them: what a webhook endpoint may subscribe to.</summary>
    public static readonly IReadOnlyList<string> All =
        [MessageCreated, MessageUpdated, ConversationCreated, ConversationUpdated, ContactCreated, ContactUpdated, ChannelUpdated];
}
