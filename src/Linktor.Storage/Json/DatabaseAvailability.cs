using System.Net.Sockets;
using Npgsql;

namespace Linktor.Storage.Json;

/// <summary>Whether an exception means PostgreSQL is (briefly) unreachable rather than that a statement is wrong.</summary>
public static class DatabaseAvailability
{
    /// <summary>
    /// Connection failures, timeouts, admin shutdown or crash (57P*), connection exceptions (08*) and
    /// insufficient resources (53*, e.g. too many connections), also when wrapped.
    /// </summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        _ when ex.InnerException is { } inner => IsUnavailable(inner),
        _ => false,
    };
}
