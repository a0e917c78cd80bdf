using Microsoft.Extensions.Logging;

namespace Linktor.Storage.Migrations;

internal static partial class MigrationLog
{
    // Log event ids 10xx: migrations (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Waiting for the migration lock held by another process")]
    public static partial void WaitingForLock(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Applying migration {FileName}")]
    public static partial void Applying(ILogger logger, string fileName);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "Applied migration {FileName} in {ElapsedMilliseconds} ms")]
    public static partial void Applied(ILogger logger, string fileName, long elapsedMilliseconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "Database schema is up to date ({Count} migrations applied)")]
    public static partial void UpToDate(ILogger logger, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "The database has migration {Version} applied that this build does not know; a newer build has run against it")]
    public static partial void UnknownApplied(ILogger logger, string version);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error,
        Message = "Migration {FileName} was changed after it was applied (applied {AppliedChecksum}, embedded {CurrentChecksum})")]
    public static partial void ChecksumMismatch(ILogger logger, string fileName, string appliedChecksum, string currentChecksum);
}
