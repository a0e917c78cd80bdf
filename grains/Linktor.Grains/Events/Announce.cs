using System.Text.Json;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Json;
using Linktor.Contracts.Messages;
using Linktor.Grains.Common;
using Linktor.Storage.Events;

namespace Linktor.Grains.Events;

/// <summary>
/// The durable events a change causes, built by the grain that makes the change and written by the store in the
/// same statement as the change. <c>data</c> is the resource exactly as the REST API shows it (what a webhook carries).
/// </summary>
public static class Announce
{
    public static NewEvent Message(string name, MessageRecord message, DateTimeOffset at) =>
        new(Ids.New(), message.TenantId, name, message.ConversationId, at, JsonSerializer.Serialize(message, WireJson.Options));

    public static NewEvent Conversation(string name, ConversationRecord conversation, DateTimeOffset at) =>
        new(Ids.New(), conversation.TenantId, name, conversation.Id, at, JsonSerializer.Serialize(conversation, WireJson.Options));

    public static NewEvent Contact(string name, ContactRecord contact, DateTimeOffset at) =>
        new(Ids.New(), contact.TenantId, name, null, at, JsonSerializer.Serialize(contact, WireJson.Options));

    public static NewEvent Channel(ChannelRecord channel, DateTimeOffset at) =>
        new(Ids.New(), channel.TenantId, Contracts.Realtime.EventNames.ChannelUpdated, null, at, JsonSerializer.Serialize(channel, WireJson.Options));
}
