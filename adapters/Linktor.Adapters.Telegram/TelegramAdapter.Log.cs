using Microsoft.Extensions.Logging;

namespace Linktor.Adapters.Telegram;

/// <summary>The adapter's log messages (never with URLs: they contain the bot token).</summary>
public sealed partial class TelegramAdapter
{
    // Log event ids 111xx: the Telegram adapter (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 11101, Level = LogLevel.Warning, Message = "Telegram channel {ChannelId}: answering a button press failed: {Reason}")]
    private static partial void LogAcknowledgeFailed(ILogger logger, Guid channelId, string reason);

    [LoggerMessage(EventId = 11102, Level = LogLevel.Information, Message = "Telegram channel {ChannelId}: a file could not be resolved: {Reason}")]
    private static partial void LogMediaNotResolved(ILogger logger, Guid channelId, string reason);
}
