using System.Diagnostics;

namespace Linktor.Bench.Load;

/// <summary>Runs a <see cref="LoadPlan"/> over its own keep-alive connections.</summary>
public static class LoadRunner
{
    /// <summary>How far ahead of request 0 an open loop's schedule starts, so that every connection is ready.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(50);

    public static async Task<LoadResult> RunAsync(LoadPlan plan, CancellationToken ct)
    {
        var workers = Enumerable.Range(0, plan.Connections).Select(_ => new Worker(plan)).ToArray();
        try
        {
            var result = plan.Rate is { } rate ? await OpenAsync(plan, rate, workers, ct) : await ClosedAsync(plan, workers, ct);
            ct.ThrowIfCancellationRequested(); // an interrupted round measured nothing worth reporting
            return result;
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Connection.Dispose();
            }
        }
    }

    private static async Task<LoadResult> ClosedAsync(LoadPlan plan, Worker[] workers, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(plan.Duration + plan.DrainTimeout);
        var max = plan.MaxRequests ?? long.MaxValue;
        long next = -1;
        var start = Stopwatch.GetTimestamp();
        var stopAt = start + Ticks(plan.Duration);
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= max)
                {
                    break;
                }

                var sentAt = Stopwatch.GetTimestamp();
                await w.SendAsync(i, sentAt, deadline.Token);
            }
        }, CancellationToken.None)));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var started = Math.Min(Interlocked.Read(ref next) + 1, max);
        return Result("closed", plan, workers, start, 0, elapsed, started, unsent: 0, withLag: false);
    }

    private static async Task<LoadResult> OpenAsync(LoadPlan plan, double rate, Worker[] workers, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Lead + plan.Duration + plan.DrainTimeout);
        var interval = (long)(Stopwatch.Frequency / rate);
        var scheduled = Math.Min((long)(rate * plan.Duration.TotalSeconds), plan.MaxRequests ?? long.MaxValue);
        var start = Stopwatch.GetTimestamp() + Ticks(Lead);
        var giveUpAt = start + Ticks(plan.Duration + plan.DrainTimeout);
        long next = -1;
        long sent = 0;
        await Task.WhenAll(workers.Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= scheduled || ct.IsCancellationRequested)
                {
                    break;
                }

                var due = start + (i * interval);
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    // Whole milliseconds, rounded up: a request never leaves before its due time. Timer granularity can
                    // make it up to ~1 ms late; that lateness counts in its latency and shows as the schedule lag.
                    await Task.Delay((int)Math.Ceiling(wait * 1000.0 / Stopwatch.Frequency), CancellationToken.None);
                }

                var now = Stopwatch.GetTimestamp();
                if (now >= giveUpAt || deadline.IsCancellationRequested)
                {
                    Interlocked.Exchange(ref next, scheduled); // nobody sends after the deadline
                    break;
                }

                Interlocked.Increment(ref sent);
                w.Lag.Add(now - due);
                await w.SendAsync(i, due, deadline.Token);
            }
        }, CancellationToken.None)));
        var elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        return Result("open", plan, workers, start, interval, elapsed, scheduled, scheduled - Interlocked.Read(ref sent), withLag: true);
    }

    private static LoadResult Result(
        string mode, LoadPlan plan, Worker[] workers, long start, long interval, double elapsed, long scheduled, long unsent, bool withLag)
    {
        var byStatus = StatusCounts.Merge(workers.Select(w => w.Statuses));
        var ok = byStatus.Where(s => s.Key.Length == 3 && s.Key[0] == '2').Sum(s => s.Value);
        return new LoadResult(
            mode, plan.Connections, plan.Rate, start, interval, Math.Round(elapsed, 3), scheduled,
            byStatus.Values.Sum(), ok, unsent, byStatus,
            LatencySummary.Of(LatencyLog.SortedMilliseconds(workers.Select(w => w.Latencies))),
            withLag ? LatencySummary.Of(LatencyLog.SortedMilliseconds(workers.Select(w => w.Lag))) : null);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One connection's loop state: its buffers and what it measured (no sharing, no locks).</summary>
    private sealed class Worker(LoadPlan plan)
    {
        private readonly byte[] _scratch = new byte[plan.ScratchBytes];

        public RawHttpConnection Connection { get; } = new(plan.Endpoint);

        public LatencyLog Latencies { get; } = new();

        public LatencyLog Lag { get; } = new();

        public StatusCounts Statuses { get; } = new();

        /// <summary>Sends request <paramref name="index"/>; its latency counts from <paramref name="from"/> (its due time in an open loop).</summary>
        public async ValueTask SendAsync(long index, long from, CancellationToken ct)
        {
            var status = await Connection.SendAsync(plan.Request(index, _scratch), plan.CaptureBody, ct);
            var done = Stopwatch.GetTimestamp();
            Statuses.Add(status);
            if (status > 0)
            {
                Latencies.Add(done - from);
            }

            plan.Observer?.Invoke(index, status, Connection.Body, done);
        }
    }
}
