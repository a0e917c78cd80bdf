using Npgsql;

namespace Linktor.Storage.Json;

public static class PostgresErrors
{
    public static bool IsUniqueViolation(this PostgresException ex) => ex.SqlState == PostgresErrorCodes.UniqueViolation;
}
