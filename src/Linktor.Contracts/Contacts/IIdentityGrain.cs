using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Orleans.Concurrency;

namespace Linktor.Contracts.Contacts;

/// <summary>
/// One external identity on one channel (key: <see cref="GrainKeys.Identity"/>). The index from
/// "who wrote on this channel" to a contact and its open conversation. Being one activation per
/// identity, it serializes racing webhooks, so they cannot create two contacts or two
/// conversations; a unique constraint in PostgreSQL backs it.
/// </summary>
[Alias("Linktor.IIdentityGrain")]
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>The contact of this identity, created from <paramref name="profile"/> when there is none.</summary>
    [Alias("EnsureContact"), Idempotent]
    Task<Result<ContactRecord>> EnsureContactAsync(ContactProfileHint? profile);

    /// <summary>Stores a message from this identity in its open conversation (opening one if needed).</summary>
    [Alias("Receive")]
    Task<Result<Received>> ReceiveAsync(InboundMessage message);

    /// <summary>The open conversation with this identity, created when there is none.</summary>
    [Alias("OpenConversation"), Idempotent]
    Task<Result<OpenedConversation>> OpenConversationAsync(ContactProfileHint? profile);

    /// <summary>
    /// Sends to this identity (<c>POST /api/v1/messages</c>): in its open conversation, opening one, and its contact,
    /// when there is none. Whatever could refuse the send is asked before anything is made, so a refused send creates
    /// no contact and no conversation; a repeated idempotency key answers with the message it made.
    /// </summary>
    [Alias("Send")]
    Task<Result<MessageRecord>> SendAsync(SendMessage message);

    /// <summary>Binds this identity to an existing contact; conflict if another contact holds it.</summary>
    [Alias("Claim")]
    Task<Result<bool>> ClaimAsync(Guid contactId);

    /// <summary>Unbinds this identity if <paramref name="contactId"/> holds it.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid contactId);

    /// <summary>Erasure: forgets the binding to <paramref name="contactId"/> held in memory, and ends the activation.</summary>
    [Alias("Forget")]
    Task ForgetAsync(Guid contactId);

    /// <summary>The bound contact id, without creating anything. Read-only and answered in one turn, so it interleaves.</summary>
    [Alias("GetContactId"), AlwaysInterleave, Idempotent]
    Task<Guid?> GetContactIdAsync();
}
