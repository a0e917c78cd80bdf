using Linktor.Contracts.Common;

namespace Linktor.Contracts.CannedResponses;

/// <summary>
/// The canned responses of one tenant (key: tenant id). Writes only; the API reads the table directly.
/// The input is validated by the caller; the grain enforces what needs the database (unique short codes).
/// </summary>
[Alias("Linktor.ICannedResponsesGrain")]
public interface ICannedResponsesGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    Task<Result<CannedResponseRecord>> CreateAsync(string shortCode, string content);

    /// <summary>Changes the short code and/or the content; null leaves a field as it is.</summary>
    [Alias("Update")]
    Task<Result<CannedResponseRecord>> UpdateAsync(Guid id, string? shortCode, string? content);

    [Alias("Delete")]
    Task<Result<bool>> DeleteAsync(Guid id);
}
