using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Grains.Common;
using Linktor.Storage.Channels;
using Linktor.Storage.Contacts;
using Linktor.Storage.Messages;

namespace Linktor.Grains.Contacts;

/// <summary>
/// One external identity on one channel. Its row in <c>contact_identities</c> (unique on the
/// identity) names the contact and the current conversation. Each step is written before the
/// grain it points at is created, so a crash in between leaves a pointer that the next message
/// follows and completes, never a second contact or conversation.
/// </summary>
/// <remarks>
/// Calls go one way, channel → identity → contact and conversation: the channel's type, which a new contact and
/// conversation record, comes with an inbound message from its channel grain, or else from the channel's list row
/// (<see cref="ChannelQueries"/>), never from the channel grain, which may be the caller awaiting this grain.
/// </remarks>
public sealed class IdentityGrain(IdentityStore store, ChannelQueries channels, MessageReader messages, TimeProvider clock)
    : Grain, IIdentityGrain
{
    private IdentityBinding? _binding;
    private ChannelType? _channelType;
    private ContactRecord? _contact;

    private (Guid TenantId, Guid ChannelId, string ExternalId) Key => GrainKeys.ParseIdentity(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenantId, channelId, externalId) = Key;
        _binding = await store.GetAsync(tenantId, channelId, externalId, cancellationToken);
    }

    public Task<Result<ContactRecord>> EnsureContactAsync(ContactProfileHint? profile) => EnsureContactAsync(profile, channelType: null);

    private async Task<Result<ContactRecord>> EnsureContactAsync(ContactProfileHint? profile, ChannelType? channelType)
    {
        var (tenantId, channelId, externalId) = Key;
        if (_contact is not null && _binding?.ContactId == _contact.Id)
        {
            return _contact;
        }

        _channelType ??= channelType;
        if (await GetChannelTypeAsync() is not { } type)
        {
            return Problem.NotFound("The channel");
        }

        _binding ??= await store.BindAsync(tenantId, channelId, externalId, Ids.New());
        var contact = GrainFactory.Get<IContactGrain>(GrainKeys.Scoped(tenantId, _binding.ContactId));
        var existing = await contact.GetAsync();
        if (existing.IsSuccess)
        {
            _contact = existing.Value;
            return existing;
        }

        var created = await contact.CreateFromIdentityAsync(new ContactDraft
        {
            Name = profile?.Name,
            Email = profile?.Email,
            Phone = profile?.Phone,
            Identities = [new ContactIdentity(channelId, type, externalId)],
        });
        _contact = created.Value;
        return created;
    }

    public async Task<Result<Received>> ReceiveAsync(InboundMessage message)
    {
        var contact = await EnsureContactAsync(message.Profile, message.ChannelType);
        if (!contact.IsSuccess)
        {
            return contact.Problem!;
        }

        var forceNew = false;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var conversation = await CurrentConversationAsync(contact.Value!, forceNew);
            forceNew = false;
            var received = await conversation.ReceiveAsync(message);
            if (received.IsSuccess && received.Value!.Closed)
            {
                // Resolved: the contact is starting a new conversation.
                forceNew = true;
                continue;
            }

            if (received.Problem?.Code == ProblemCode.NotFound)
            {
                // The pointer was written but the grain not created (crash in between): create it now,
                // and write to it (not to yet another new one).
                await CreateConversationAsync(contact.Value!, _binding!.ConversationId!.Value);
                continue;
            }

            return received;
        }

        return new Problem(ProblemCode.Internal, "The message could not be placed in a conversation.");
    }

    public async Task<Result<OpenedConversation>> OpenConversationAsync(ContactProfileHint? profile)
    {
        var contact = await EnsureContactAsync(profile);
        if (!contact.IsSuccess)
        {
            return contact.Problem!;
        }

        var hadOne = _binding!.ConversationId is not null;
        var current = await (await CurrentConversationAsync(contact.Value!, forceNew: false)).GetAsync();
        if (!current.IsSuccess)
        {
            // The pointer was written but the grain not created (crash in between): create it now.
            var created = await CreateConversationAsync(contact.Value!, _binding.ConversationId!.Value);
            return created.IsSuccess ? new OpenedConversation(created.Value!, true) : created.Problem!;
        }

        if (current.Value!.Status != ConversationStatus.Resolved)
        {
            return new OpenedConversation(current.Value, !hadOne);
        }

        var fresh = await (await CurrentConversationAsync(contact.Value!, forceNew: true)).GetAsync();
        return fresh.IsSuccess ? new OpenedConversation(fresh.Value!, true) : fresh.Problem!;
    }

    public async Task<Result<MessageRecord>> SendAsync(SendMessage message)
    {
        var (tenantId, channelId, externalId) = Key;
        // Before anything is made: a retry of a send that was stored answers with it (even if its conversation has
        // been resolved since, which would otherwise open a new one for nothing).
        if (message.IdempotencyKey is { } key && await messages.FindByIdempotencyKeyAsync(tenantId, key) is { } earlier)
        {
            return earlier;
        }

        if (await channels.GetAsync(tenantId, channelId) is not { } channel)
        {
            return Problem.NotFound("The channel");
        }

        _channelType ??= channel.Type;
        if (RefusedBeforeOpening(channel, message.Content) is { } refused)
        {
            return refused;
        }

        var opened = await OpenConversationAsync(ProfileOf(channel.Type, externalId));
        if (!opened.IsSuccess)
        {
            return opened.Problem!;
        }

        // The conversation makes the send's own checks (against its reply window, now that it has one) and stores it.
        return await GrainFactory.Get<IConversationGrain>(GrainKeys.Scoped(tenantId, opened.Value!.Conversation.Id)).SendAsync(message);
    }

    /// <summary>
    /// What would refuse the send once a conversation is open, asked before one is: content the channel cannot carry
    /// (checked on the channel's current row), and, for an address that never wrote, whether its channel may write
    /// first and, with a reply window, whether the message may open one (only templates may).
    /// </summary>
    private Problem? RefusedBeforeOpening(ChannelRecord channel, MessageContent content)
    {
        var capabilities = channel.SendableCapabilities;
        if (Deliverability.Check(capabilities, channel.Type, content) is { } refused)
        {
            return refused;
        }

        if (_binding is not null)
        {
            return null;
        }

        if (!capabilities!.CanInitiate)
        {
            var detail = $"A {channel.Type.ToString().ToLowerInvariant()} channel cannot start a conversation with an address that never wrote to it.";
            return new Problem(ProblemCode.CannotInitiate, detail, new Dictionary<string, string[]> { ["to"] = [detail] });
        }

        return Deliverability.CheckReplyWindow(capabilities, channel.Type, content, lastInboundAt: null, clock.GetUtcNow());
    }

    /// <summary>What the address tells of a contact first written to: a phone number or an e-mail address.</summary>
    private static ContactProfileHint? ProfileOf(ChannelType type, string address) => type switch
    {
        ChannelType.Sms or ChannelType.Whatsapp => new ContactProfileHint { Phone = address },
        ChannelType.Email => new ContactProfileHint { Email = address },
        _ => null,
    };

    public async Task<Result<bool>> ClaimAsync(Guid contactId)
    {
        var (tenantId, channelId, externalId) = Key;
        _binding ??= await store.BindAsync(tenantId, channelId, externalId, contactId);
        if (_binding.ContactId != contactId)
        {
            return new Problem(ProblemCode.Conflict, $"The identity '{externalId}' belongs to another contact.",
                new Dictionary<string, string[]> { ["identities"] = [$"'{externalId}' belongs to another contact."] });
        }

        return true;
    }

    public async Task ReleaseAsync(Guid contactId)
    {
        var (tenantId, channelId, externalId) = Key;
        if (_binding?.ContactId == contactId && await store.UnbindAsync(tenantId, channelId, externalId, contactId))
        {
            _binding = null;
            _contact = null;
        }
    }

    public Task ForgetAsync(Guid contactId)
    {
        if (_binding?.ContactId == contactId || _contact?.Id == contactId)
        {
            (_binding, _contact) = (null, null);
        }

        // The next activation reads the identity index again, which the erasure is emptying.
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<Guid?> GetContactIdAsync() => Task.FromResult(_binding?.ContactId);

    /// <summary>The conversation to write to; a new one when there is none yet or <paramref name="forceNew"/>.</summary>
    private async Task<IConversationGrain> CurrentConversationAsync(ContactRecord contact, bool forceNew)
    {
        var (tenantId, channelId, externalId) = Key;
        if (_binding!.ConversationId is not { } conversationId || forceNew)
        {
            conversationId = Ids.New();
            await store.SetConversationAsync(tenantId, channelId, externalId, conversationId);
            _binding = _binding with { ConversationId = conversationId };
            await CreateConversationAsync(contact, conversationId);
        }

        return GrainFactory.Get<IConversationGrain>(GrainKeys.Scoped(tenantId, conversationId));
    }

    private async Task<Result<ConversationRecord>> CreateConversationAsync(ContactRecord contact, Guid conversationId)
    {
        var (tenantId, channelId, externalId) = Key;
        // The contact cached here may have changed since (renamed, ...): a new conversation shows it as it is now.
        var current = await GrainFactory.Get<IContactGrain>(GrainKeys.Scoped(tenantId, contact.Id)).GetAsync();
        return await GrainFactory.Get<IConversationGrain>(GrainKeys.Scoped(tenantId, conversationId)).CreateAsync(new NewConversation
        {
            Contact = (current.Value ?? contact).ToSummary(),
            ChannelId = channelId,
            ChannelType = (await GetChannelTypeAsync())!.Value,
            ExternalId = externalId,
        });
    }

    /// <summary>The channel's type: as its grain sent it, or from its list row (null: the channel is deleted or unknown).</summary>
    private async Task<ChannelType?> GetChannelTypeAsync()
    {
        if (_channelType is null)
        {
            var (tenantId, channelId, _) = Key;
            _channelType = (await channels.GetAsync(tenantId, channelId))?.Type;
        }

        return _channelType;
    }
}
