using Linktor.Contracts.Common;
using Orleans.Concurrency;

namespace Linktor.Contracts.Contacts;

/// <summary>One contact (key: <see cref="GrainKeys.Scoped"/>): profile and channel identities.</summary>
[Alias("Linktor.IContactGrain")]
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>Creates the contact and claims its identities; a taken identity is a conflict.</summary>
    [Alias("Create")]
    Task<Result<ContactRecord>> CreateAsync(ContactDraft draft);

    /// <summary>Creates the contact of an identity grain, which has already bound the draft's identities.</summary>
    [Alias("CreateFromIdentity")]
    Task<Result<ContactRecord>> CreateFromIdentityAsync(ContactDraft draft);

    /// <summary>
    /// Reads may interleave: an identity grain receiving a message asks while this contact, updating, awaits that
    /// identity's claim or release — two requests that would otherwise each wait for the other until a timeout.
    /// </summary>
    [Alias("Get"), AlwaysInterleave, Idempotent]
    Task<Result<ContactRecord>> GetAsync();

    [Alias("Update")]
    Task<Result<ContactRecord>> UpdateAsync(ContactPatch patch);

    [Alias("Delete")]
    Task<Result<bool>> DeleteAsync();

    /// <summary>
    /// Erasure: forgets the contact (its grain state is cleared and the activation ends), so that nothing it held in
    /// memory is written back while the store erases its rows.
    /// </summary>
    [Alias("Erase")]
    Task EraseAsync();

    /// <summary>Called by an identity grain that bound itself to this contact.</summary>
    [Alias("AttachIdentity")]
    Task<Result<ContactRecord>> AttachIdentityAsync(ContactIdentity identity);
}
