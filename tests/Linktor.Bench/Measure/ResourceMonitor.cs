using System.Diagnostics;

namespace Linktor.Bench.Measure;

/// <summary>
/// CPU and memory of the processes involved, over one round: CPU as the difference of /proc counters
/// between start and stop, memory as the peak of samples taken every 250 ms (1 s for PostgreSQL's many
/// processes). The sampling runs in the generator's process and is counted in its CPU.
/// </summary>
public sealed class ResourceMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyList<MeasuredProcess> _processes;
    private readonly double?[] _cpuAtStart;
    private readonly long[] _peak;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private ResourceMonitor(IReadOnlyList<MeasuredProcess> processes)
    {
        _processes = processes;
        _cpuAtStart = [.. processes.Select(p => p.CpuSeconds())];
        _peak = new long[processes.Count];
        Sample(everything: true);
        _sampling = Task.Run(SampleLoopAsync);
    }

    public static ResourceMonitor Start(IReadOnlyList<MeasuredProcess> processes) => new(processes);

    public async Task<IReadOnlyList<ProcessUsage>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Sample(everything: true);
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return [.. _processes.Select((p, i) =>
        {
            var cpu = p.CpuSeconds() is { } end && _cpuAtStart[i] is { } begin ? Math.Max(0, end - begin) : 0;
            return new ProcessUsage(p.Name, Math.Round(cpu, 2), Math.Round(cpu / seconds, 3), Mb(_peak[i]), p.MemoryKind,
                p.HighWaterBytes() is { } hwm ? Mb(hwm) : null);
        })];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }

        _stop.Dispose();
    }

    public static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);

    private async Task SampleLoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample(everything: ++tick % 4 == 0);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample(bool everything)
    {
        for (var i = 0; i < _processes.Count; i++)
        {
            if ((everything || _processes[i] is not PostgresProcesses) && _processes[i].MemoryBytes() is { } bytes)
            {
                _peak[i] = Math.Max(_peak[i], bytes);
            }
        }
    }
}
