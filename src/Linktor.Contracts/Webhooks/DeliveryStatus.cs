namespace Linktor.Contracts.Webhooks;

/// <summary>
/// <c>pending</c> until the endpoint answers 2xx (<c>succeeded</c>) or the retry period runs out
/// (<c>failed</c>). Redelivering makes a delivery pending again.
/// </summary>
public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}
