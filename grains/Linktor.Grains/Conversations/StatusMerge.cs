using Linktor.Contracts.Messages;

namespace Linktor.Grains.Conversations;

/// <summary>
/// Applies a delivery status to a message monotonically. Providers report out of order (a
/// <c>read</c> before its <c>delivered</c>, a late <c>sent</c>), so a report never moves a message
/// backwards; <c>failed</c> ends a send that had not arrived, and a later delivery report (which
/// proves it arrived) overrides it.
/// </summary>
public static class StatusMerge
{
    /// <returns>The merged message, or null when the report changes nothing.</returns>
    public static MessageRecord? Apply(MessageRecord current, StatusUpdate update)
    {
        if (!Advances(current.Status, update.Status))
        {
            return null;
        }

        var externalId = current.ExternalId ?? update.ExternalId;
        var at = update.At;
        return update.Status switch
        {
            MessageStatus.Failed => current with
            {
                Status = MessageStatus.Failed,
                Error = update.Error ?? new MessageError("failed", "The provider reported a failure."),
                ExternalId = externalId,
            },
            _ => current with
            {
                Status = update.Status,
                Error = null,
                ExternalId = externalId,
                SentAt = current.SentAt ?? at,
                DeliveredAt = update.Status >= MessageStatus.Delivered ? current.DeliveredAt ?? at : current.DeliveredAt,
                ReadAt = update.Status == MessageStatus.Read ? current.ReadAt ?? at : current.ReadAt,
            },
        };
    }

    private static bool Advances(MessageStatus from, MessageStatus to) => (from, to) switch
    {
        (MessageStatus.Failed, MessageStatus.Delivered or MessageStatus.Read) => true,
        (MessageStatus.Failed, _) => false,
        (MessageStatus.Delivered or MessageStatus.Read, MessageStatus.Failed) => false,
        (MessageStatus.Queued or MessageStatus.Sent, MessageStatus.Failed) => true,
        _ => to > from,
    };
}
