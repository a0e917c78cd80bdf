using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Hosting;

/// <summary>Checks <c>Linktor:Redis</c> at start: cluster mode needs a connection string (membership, and the API nodes' backplane).</summary>
public sealed class RedisOptionsValidator(IOptions<HostingOptions> hosting) : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options) =>
        hosting.Value.Mode == HostingMode.Cluster && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("Cluster mode needs Linktor:Redis:ConnectionString.")
            : ValidateOptionsResult.Success;
}
