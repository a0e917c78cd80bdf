namespace Linktor.Contracts.Messages;

/// <summary>
/// Delivery status. The numeric order is the progress order, so a late <c>delivered</c> never
/// overwrites <c>read</c>; <see cref="Failed"/> ends a send. Inbound messages arrive as
/// <see cref="Delivered"/> (they reached us) and become <see cref="Read"/> when an agent reads them.
/// </summary>
public enum MessageStatus
{
    Queued = 0,
    Sent = 1,
    Delivered = 2,
    Read = 3,
    Failed = 4,
}
