namespace Linktor.Bench.Realtime;

/// <summary>A server → client invocation: its method (the event name), its first argument's JSON, when the frame arrived (Stopwatch timestamp).</summary>
public delegate void InboxEventHandler(string target, ReadOnlySpan<byte> argument, long receivedAt);
