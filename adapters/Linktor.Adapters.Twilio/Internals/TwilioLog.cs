using Microsoft.Extensions.Logging;

namespace Linktor.Adapters.Twilio.Internals;

internal static partial class TwilioLog
{
    // Log event ids 112xx: the Twilio adapter (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 11201, Level = LogLevel.Warning,
        Message = "Skipped a Twilio webhook for account {PayloadAccountSid}: channel {ChannelId} belongs to another account")]
    public static partial void ForeignAccount(this ILogger logger, string payloadAccountSid, Guid channelId);

    [LoggerMessage(EventId = 11202, Level = LogLevel.Debug,
        Message = "Skipped a Twilio webhook on channel {ChannelId} that is neither a message nor a status callback (status '{Status}')")]
    public static partial void UnknownWebhook(this ILogger logger, Guid channelId, string status);
}
