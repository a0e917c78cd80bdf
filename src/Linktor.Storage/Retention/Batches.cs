namespace Linktor.Storage.Retention;

/// <summary>Deletions a batch at a time: each its own short statement or transaction, until one comes back short.</summary>
public static class Batches
{
    /// <summary>Runs <paramref name="batch"/> (which answers how many it deleted) until it deletes fewer than <paramref name="batchSize"/>; answers the total.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> batch, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var total = 0;
        int deleted;
        do
        {
            deleted = await batch().ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == batchSize);
        return total;
    }

    /// <summary>Runs <paramref name="batch"/> until it deletes nothing (each batch may be short: one conversation's); answers the total.</summary>
    public static async Task<int> RunUntilNoneAsync(Func<Task<int>> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var total = 0;
        int deleted;
        do
        {
            deleted = await batch().ConfigureAwait(false);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }
}
