using System.Threading.Channels;
using Linktor.Storage.Webhooks;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// Records finished attempts in batches: all attempts that finished while the previous batch was being written go
/// in one statement and one commit, instead of a commit (and a WAL flush) per delivery.
/// </summary>
internal sealed class AttemptBatcher(WebhookDeliveryQueue queue)
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>True when the attempt was recorded; false when another attempt of the delivery was recorded first.</summary>
    public Task<bool> RecordAsync(DueDelivery delivery, AttemptOutcome outcome)
    {
        var pending = new Pending(delivery, outcome, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new InvalidOperationException("The attempt log has stopped."));
        }

        return pending.Done.Task;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    var recorded = await queue.RecordAttemptsAsync([.. batch.Select(p => (p.Delivery, p.Outcome))], CancellationToken.None).ConfigureAwait(false);
                    batch.ForEach(p => p.Done.TrySetResult(recorded.Contains(p.Delivery.Id)));
                }
                catch (Exception ex)
                {
                    batch.ForEach(p => p.Done.TrySetException(ex));
                }

                batch.Clear();
            }
        }
        finally
        {
            _pending.Writer.TryComplete();
            while (_pending.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private sealed record Pending(DueDelivery Delivery, AttemptOutcome Outcome, TaskCompletionSource<bool> Done);
}
