using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Orleans.Concurrency;

namespace Linktor.Contracts.Conversations;

/// <summary>
/// One conversation (key: <see cref="GrainKeys.Scoped"/>). Owns status, assignee, labels and the
/// gap-free message sequence; appends to the message store and publishes the events.
/// </summary>
[Alias("Linktor.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Creates the conversation; a second call answers the existing one.</summary>
    [Alias("Create")]
    Task<Result<ConversationRecord>> CreateAsync(NewConversation conversation);

    [Alias("Get"), Idempotent]
    Task<Result<ConversationRecord>> GetAsync();

    /// <summary>Appends an agent/API message (durable before this returns) and queues it on its channel.</summary>
    [Alias("Send"), Idempotent(WhenKeyed = true)]
    Task<Result<MessageRecord>> SendAsync(SendMessage message);

    /// <summary>Appends a contact's message, once per provider id or idempotency key.</summary>
    [Alias("Receive")]
    Task<Result<Received>> ReceiveAsync(InboundMessage message);

    /// <summary>Applies a delivery status monotonically (a late <c>delivered</c> never undoes <c>read</c>).</summary>
    [Alias("ApplyStatus")]
    Task<Result<MessageRecord>> ApplyStatusAsync(StatusUpdate update);

    /// <summary>
    /// Its channel recorded a send outcome of one of this conversation's messages itself (the channel owns the way
    /// from queued to sent or failed): keeps the conversation's last message current. One way, so the channel
    /// never waits on the conversation and the two never wait on each other.
    /// </summary>
    [Alias("OnMessageUpdated"), OneWay]
    Task OnMessageUpdatedAsync(MessageRecord updated);

    /// <summary>Replaces the content of a contact's message they edited on the provider; an older edit than the stored one is ignored.</summary>
    [Alias("ApplyEdit")]
    Task<Result<MessageRecord>> ApplyEditAsync(Guid messageId, MessageContent content, DateTimeOffset editedAt);

    [Alias("Update")]
    Task<Result<ConversationRecord>> UpdateAsync(ConversationPatch patch, Actor actor);

    /// <summary>Marks inbound messages up to <paramref name="seq"/> read by the agents.</summary>
    [Alias("MarkRead")]
    Task<Result<ConversationRecord>> MarkReadAsync(long seq, Actor actor);

    /// <summary>Refreshes the contact shown on the conversation after the contact changed.</summary>
    [Alias("RefreshContact")]
    Task RefreshContactAsync(ContactSummary contact);

    /// <summary>
    /// Retention deleted some of this conversation's messages: the activation reads its log again (last message, counts;
    /// the last seq stays, seqs are never reused).
    /// </summary>
    [Alias("MessagesDeleted")]
    Task MessagesDeletedAsync();

    /// <summary>
    /// Erasure: forgets the conversation (its grain state and reminder are cleared and the activation ends), so that
    /// nothing it held in memory is written back while the store erases its rows.
    /// </summary>
    [Alias("Erase")]
    Task EraseAsync();
}
