using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Storage.Contacts;

namespace Linktor.Grains.Contacts;

/// <summary>A contact: profile and channel identities. Identities are claimed through their identity grains.</summary>
public sealed class ContactGrain(
    [PersistentState("contact", GrainStorage.Name)] IPersistentState<ContactState> state,
    ContactStore store,
    IEventPublisher publisher,
    TimeProvider clock) : Grain, IContactGrain
{
    private Guid TenantId => GrainKeys.ParseScoped(this.GetPrimaryKeyString()).TenantId;

    private Guid ContactId => GrainKeys.ParseScoped(this.GetPrimaryKeyString()).Id;

    private bool Exists => state.State.Created && !state.State.Deleted;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between the state write and the list row's: write the row, and the events of that change, now.
        if (Exists && state.State.Unannounced.Count > 0
            && await store.StateVersionAsync(TenantId, ContactId, cancellationToken) < state.State.Version)
        {
            await store.UpsertAsync(ToRecord(), state.State.Version, state.State.UnannouncedEvents(), cancellationToken);
        }

        state.State.Unannounced.Clear();
    }

    public async Task<Result<ContactRecord>> CreateAsync(ContactDraft draft)
    {
        if (state.State.Created)
        {
            return Problem.Conflict("The contact exists already.");
        }

        if (await ClaimAsync(draft.Identities) is { } conflict)
        {
            return conflict;
        }

        return await CreateFromIdentityAsync(draft);
    }

    public async Task<Result<ContactRecord>> CreateFromIdentityAsync(ContactDraft draft)
    {
        if (state.State.Created)
        {
            return Exists ? ToRecord() : Problem.NotFound("The contact");
        }

        var now = clock.GetUtcNow();
        state.State = new ContactState
        {
            Created = true,
            Name = draft.Name,
            Email = draft.Email,
            Phone = draft.Phone,
            CustomAttributes = draft.CustomAttributes.ToDictionary(),
            Labels = [.. draft.Labels],
            Identities = [.. draft.Identities],
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await SaveAsync(EventNames.ContactCreated);
    }

    public Task<Result<ContactRecord>> GetAsync() =>
        Task.FromResult<Result<ContactRecord>>(Exists ? ToRecord() : Problem.NotFound("The contact"));

    public async Task<Result<ContactRecord>> UpdateAsync(ContactPatch patch)
    {
        if (!Exists)
        {
            return Problem.NotFound("The contact");
        }

        var removed = new List<ContactIdentity>();
        if (patch.Identities is { } identities)
        {
            var added = identities.Where(i => !state.State.Identities.Contains(i)).ToList();
            if (await ClaimAsync(added) is { } conflict)
            {
                return conflict;
            }

            removed = state.State.Identities.Where(i => !identities.Contains(i)).ToList();
            state.State.Identities = [.. identities];
        }

        var before = ToRecord().ToSummary();
        var s = state.State;
        s.Name = patch.SetName ? patch.Name : s.Name;
        s.Email = patch.SetEmail ? patch.Email : s.Email;
        s.Phone = patch.SetPhone ? patch.Phone : s.Phone;
        if (patch.CustomAttributes is not null)
        {
            s.CustomAttributes = patch.CustomAttributes.ToDictionary();
        }

        if (patch.Labels is not null)
        {
            s.Labels = [.. patch.Labels];
        }

        s.UpdatedAt = clock.GetUtcNow();
        var result = await SaveAsync(EventNames.ContactUpdated);
        await ReleaseAsync(removed);
        if (ToRecord().ToSummary() != before)
        {
            await RefreshConversationsAsync();
        }

        return result;
    }

    public async Task<Result<bool>> DeleteAsync()
    {
        if (!Exists)
        {
            return Problem.NotFound("The contact");
        }

        state.State.Deleted = true;
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await store.DeleteAsync(TenantId, ContactId);
        await ReleaseAsync(state.State.Identities);
        return true;
    }

    public async Task EraseAsync()
    {
        // Cleared, not marked deleted: an activation after this finds no contact (and so never writes its row again).
        await state.ClearStateAsync();
        state.State = new ContactState();
        DeactivateOnIdle();
    }

    public async Task<Result<ContactRecord>> AttachIdentityAsync(ContactIdentity identity)
    {
        if (!Exists)
        {
            return Problem.NotFound("The contact");
        }

        if (!state.State.Identities.Contains(identity))
        {
            state.State.Identities.Add(identity);
            state.State.UpdatedAt = clock.GetUtcNow();
            return await SaveAsync(EventNames.ContactUpdated);
        }

        return ToRecord();
    }

    /// <summary>Claims identities one by one; on a conflict, gives back the ones already claimed.</summary>
    private async Task<Problem?> ClaimAsync(IReadOnlyList<ContactIdentity> identities)
    {
        var claimed = new List<ContactIdentity>();
        foreach (var identity in identities)
        {
            var result = await IdentityGrain(identity).ClaimAsync(ContactId);
            if (!result.IsSuccess)
            {
                await ReleaseAsync(claimed);
                return result.Problem;
            }

            claimed.Add(identity);
        }

        return null;
    }

    private async Task ReleaseAsync(IEnumerable<ContactIdentity> identities)
    {
        foreach (var identity in identities)
        {
            await IdentityGrain(identity).ReleaseAsync(ContactId);
        }
    }

    private async Task RefreshConversationsAsync()
    {
        var summary = ToRecord().ToSummary();
        foreach (var id in await store.ListConversationIdsAsync(TenantId, ContactId))
        {
            await GrainFactory.Get<IConversationGrain>(GrainKeys.Scoped(TenantId, id)).RefreshContactAsync(summary);
        }
    }

    private IIdentityGrain IdentityGrain(ContactIdentity identity) =>
        GrainFactory.Get<IIdentityGrain>(GrainKeys.Identity(TenantId, identity.ChannelId, identity.ExternalId));

    /// <summary>Saves the change, its list row and its event (<see cref="AnnouncedSave"/>); then the inbox hears of it.</summary>
    private async Task<Result<ContactRecord>> SaveAsync(string eventName)
    {
        var now = clock.GetUtcNow();
        var record = ToRecord();
        await state.SaveAndAnnounceAsync(
            Announce.Contact(eventName, record, now),
            (version, events) => store.UpsertAsync(record, version, events),
            () => publisher.Publish(new RealtimeEvent { Name = eventName, TenantId = TenantId, Contact = record, At = now }));
        return record;
    }

    private ContactRecord ToRecord() => new()
    {
        Id = ContactId,
        TenantId = TenantId,
        Name = state.State.Name,
        Email = state.State.Email,
        Phone = state.State.Phone,
        CustomAttributes = new Dictionary<string, string>(state.State.CustomAttributes),
        Labels = [.. state.State.Labels],
        Identities = [.. state.State.Identities],
        CreatedAt = state.State.CreatedAt,
        UpdatedAt = state.State.UpdatedAt,
    };
}
