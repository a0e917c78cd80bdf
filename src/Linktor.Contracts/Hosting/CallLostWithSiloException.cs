namespace Linktor.Contracts.Hosting;

/// <summary>
/// A grain call was still waiting when a silo was declared dead, and it is not safe to send again: the dead silo may
/// have run it, or may have taken it with it. Thrown on the caller's side only (it never crosses the wire); the API
/// answers 503, and the caller retries with its own Idempotency-Key.
/// </summary>
public sealed class CallLostWithSiloException : Exception
{
    public CallLostWithSiloException()
    {
    }

    public CallLostWithSiloException(string message)
        : base(message)
    {
    }

    public CallLostWithSiloException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
