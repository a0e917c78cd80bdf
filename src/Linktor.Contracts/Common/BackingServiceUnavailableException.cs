namespace Linktor.Contracts.Common;

/// <summary>
/// A grain call failed because a backing service (PostgreSQL) was briefly unreachable; nothing it was asked
/// to do was acknowledged, and the caller may retry. Silos throw this in place of the driver's own exception,
/// whose type cannot cross the wire to an API node (Orleans has no codec for it). The API answers 503.
/// </summary>
[GenerateSerializer, Alias("Linktor.BackingServiceUnavailableException")]
public sealed class BackingServiceUnavailableException : Exception
{
    public BackingServiceUnavailableException()
    {
    }

    public BackingServiceUnavailableException(string message)
        : base(message)
    {
    }

    public BackingServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
