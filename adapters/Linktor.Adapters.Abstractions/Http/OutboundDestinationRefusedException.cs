namespace Linktor.Adapters;

/// <summary>
/// A connection the outbound policy refused: the host resolves only to addresses outside the public internet. The
/// request never left; it is not worth retrying, since the same name will be refused again.
/// </summary>
public sealed class OutboundDestinationRefusedException(string host)
    : HttpRequestException(HttpRequestError.ConnectionError, $"{host} {OutboundAddresses.RefusedReason}.")
{
    public string Host { get; } = host;

    /// <summary>Whether <paramref name="exception"/> (or what it wraps: the handler wraps connect failures) is a refusal.</summary>
    public static bool IsRefusal(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundDestinationRefusedException)
            {
                return true;
            }
        }

        return false;
    }
}
