using Linktor.Contracts.Hosting;
using Microsoft.Extensions.Options;

namespace Linktor.Silo.Hosting.Dashboard;

/// <summary>
/// Checks <c>Linktor:Dashboard</c> at start: a dashboard that is on has a port, and a platform admin key to require
/// (without one it would be open to anyone who reaches the port, so the silo does not start).
/// </summary>
public sealed class OperatorDashboardOptionsValidator(IOptions<PlatformOptions> platform) : IValidateOptions<OperatorDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorDashboardOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var section = OperatorDashboardOptions.SectionName;
        List<string> failures = [];
        if (options.Port is not (>= 1 and <= 65535))
        {
            failures.Add($"{section}:Port: the dashboard's own port (1-65535) is required when {section}:Enabled is true.");
        }

        if (string.IsNullOrEmpty(platform.Value.AdminKey))
        {
            failures.Add($"{section}:Enabled is true but {PlatformOptions.SectionName}:AdminKey is not set: the dashboard admits only that key.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
