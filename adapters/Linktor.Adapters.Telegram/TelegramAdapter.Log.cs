using Microsoft.Extensions.Logging;

namespace Linktor.Adapters.Telegram;

/// <summary>The adapter's log messages (never with URLs: they contain the bot token).</summary>
public sealed partial class TelegramAdapter
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Telegram channel {ChannelId}: answering a button press failed: {Reason}")]
    private static partial void LogAcknowledgeFailed(ILogger logger, Guid channelId, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Telegram channel {ChannelId}: a file could not be resolved: {Reason}")]
    private static partial void LogMediaNotResolved(ILogger logger, Guid channelId, string reason);
}
