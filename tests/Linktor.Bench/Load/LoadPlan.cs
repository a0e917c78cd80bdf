using System.Net;

namespace Linktor.Bench.Load;

/// <summary>The <paramref name="index"/>th request of a round, written into the worker's <paramref name="scratch"/> or pre-encoded.</summary>
public delegate ReadOnlyMemory<byte> RequestFactory(long index, byte[] scratch);

/// <summary>An answer as it completes: its request's index, status, body (when captured) and the Stopwatch timestamp.</summary>
public delegate void ResponseObserver(long index, int status, ReadOnlySpan<byte> body, long completedAt);

/// <summary>
/// One round of load. Without <see cref="Rate"/> it is a closed loop: every connection sends its next
/// request as soon as the last one is answered. With it, an open loop: request <c>i</c> is due at
/// <c>start + i / rate</c> whatever the answers do, and its latency counts from then (no coordinated
/// omission, as wrk2 measures): a slow server makes requests wait for a free connection, and that wait is
/// part of their latency.
/// </summary>
public sealed record LoadPlan
{
    public required IPEndPoint Endpoint { get; init; }

    public required int Connections { get; init; }

    /// <summary>How long requests are started (closed loop), or how long the schedule lasts (open loop).</summary>
    public required TimeSpan Duration { get; init; }

    public required RequestFactory Request { get; init; }

    /// <summary>Requests a second (open loop); null for a closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Stop after this many requests (a closed loop over a fixed set, e.g. one message to each conversation).</summary>
    public long? MaxRequests { get; init; }

    public ResponseObserver? Observer { get; init; }

    /// <summary>Hand the answer's body to <see cref="Observer"/> (off by default: headers are enough to count).</summary>
    public bool CaptureBody { get; init; }

    /// <summary>The largest request a <see cref="RequestFactory"/> writes into its scratch buffer.</summary>
    public int ScratchBytes { get; init; } = 16 * 1024;

    /// <summary>After <see cref="Duration"/>, how long answers (and, in an open loop, late requests) may still take.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
