using Microsoft.Extensions.Logging;

namespace Linktor.Storage.DataProtection;

internal static partial class DataProtectionLog
{
    // Log event ids 11xx: the key ring in PostgreSQL (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Stored data protection element {FriendlyName} in PostgreSQL")]
    public static partial void Stored(ILogger logger, string friendlyName);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "A data protection element named {FriendlyName} already exists; storing the new one as {StoredName}")]
    public static partial void NameTaken(ILogger logger, string friendlyName, string storedName);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information,
        Message = "Deleted data protection element {FriendlyName} from PostgreSQL")]
    public static partial void Deleted(ILogger logger, string friendlyName);
}
