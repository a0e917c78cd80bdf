namespace Linktor.Testing;

/// <summary>
/// The services the test run provides. <c>./test.sh</c> starts a private PostgreSQL and Redis and exports
/// these variables; tests never skip when they are missing, they fail and say how to run them.
/// </summary>
public static class TestEnvironment
{
    /// <summary>Variable holding an admin Npgsql connection string (Database=postgres) to a running server.</summary>
    public const string PostgresVariable = "LINKTOR_TEST_POSTGRES";

    /// <summary>Variable holding a StackExchange.Redis configuration string.</summary>
    public const string RedisVariable = "LINKTOR_TEST_REDIS";

    /// <summary>Admin connection string of the test PostgreSQL server; per-test databases are created on it.</summary>
    public static string PostgresAdminConnectionString => Require(PostgresVariable, "an admin Npgsql connection string (Database=postgres)");

    /// <summary>StackExchange.Redis configuration string of the test Redis server.</summary>
    public static string RedisConfiguration => Require(RedisVariable, "a StackExchange.Redis configuration string");

    private static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{variable} is not set. It must hold {what} for the test services. " +
                "Run the tests with ./test.sh, which starts private PostgreSQL and Redis instances and sets " +
                $"{PostgresVariable} and {RedisVariable}; tests do not skip without them.");
        }

        return value;
    }
}
