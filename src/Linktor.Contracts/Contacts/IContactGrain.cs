using Linktor.Contracts.Common;

namespace Linktor.Contracts.Contacts;

/// <summary>One contact (key: <see cref="GrainKeys.Scoped"/>): profile and channel identities.</summary>
[Alias("Linktor.IContactGrain")]
public interface IContactGrain : IGrainWithStringKey
{
    /// <summary>Creates the contact and claims its identities; a taken identity is a conflict.</summary>
    [Alias("Create")]
    Task<Result<ContactRecord>> CreateAsync(ContactDraft draft);

    [Alias("Get")]
    Task<Result<ContactRecord>> GetAsync();

    [Alias("Update")]
    Task<Result<ContactRecord>> UpdateAsync(ContactPatch patch);

    [Alias("Delete")]
    Task<Result<bool>> DeleteAsync();

    /// <summary>Called by an identity grain that bound itself to this contact.</summary>
    [Alias("AttachIdentity")]
    Task<Result<ContactRecord>> AttachIdentityAsync(ContactIdentity identity);
}
