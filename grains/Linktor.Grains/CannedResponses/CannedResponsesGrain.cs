using Linktor.Contracts.CannedResponses;
using Linktor.Contracts.Common;
using Linktor.Grains.Common;
using Linktor.Storage.CannedResponses;
using Npgsql;

namespace Linktor.Grains.CannedResponses;

/// <summary>A tenant's canned responses. No grain state: the table is the state, its unique index the short-code rule.</summary>
public sealed class CannedResponsesGrain(CannedResponseStore store, TimeProvider clock) : Grain, ICannedResponsesGrain
{
    private Guid TenantId => this.GetPrimaryKey();

    public async Task<Result<CannedResponseRecord>> CreateAsync(string shortCode, string content)
    {
        var now = clock.GetUtcNow();
        var reply = new CannedResponseRecord
        {
            Id = Ids.New(),
            TenantId = TenantId,
            ShortCode = shortCode,
            Content = content,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await store.InsertAsync(reply) ? reply : Taken();
    }

    public async Task<Result<CannedResponseRecord>> UpdateAsync(Guid id, string? shortCode, string? content)
    {
        try
        {
            return await store.UpdateAsync(TenantId, id, shortCode, content, clock.GetUtcNow()) is { } updated
                ? updated
                : Problem.NotFound("The canned response");
        }
        catch (PostgresException ex) when (CannedResponseStore.IsShortCodeTaken(ex))
        {
            return Taken();
        }
    }

    public async Task<Result<bool>> DeleteAsync(Guid id) =>
        await store.DeleteAsync(TenantId, id) ? true : Problem.NotFound("The canned response");

    private static Problem Taken() => new(ProblemCode.Conflict, "Another canned response has this short code.",
        new Dictionary<string, string[]> { ["short_code"] = ["Taken."] });
}
