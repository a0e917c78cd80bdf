using Microsoft.Extensions.Configuration;

namespace Linktor.Silo.Hosting.Dashboard;

/// <summary>
/// <c>Linktor:Dashboard</c>: the Orleans dashboard (grains, silos, calls, reminders) for operators. Off by default; on,
/// it listens on a port of its own and answers only requests bearing the platform admin key (<c>Linktor:Platform:AdminKey</c>).
/// </summary>
public sealed class OperatorDashboardOptions
{
    public const string SectionName = "Linktor:Dashboard";

    public bool Enabled { get; set; }

    /// <summary>The dashboard's own port, on every interface; required when <see cref="Enabled"/>. Nothing else is served there.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// Whether the dashboard's live log page streams this silo's log lines. Off by default: it carries whatever the log
    /// levels let through (Debug, when an operator turns it on, may hold message text and phone numbers).
    /// </summary>
    public bool LogStream { get; set; }

    /// <summary>The settings as configured, for deciding while the host is built whether the dashboard is added at all.</summary>
    public static OperatorDashboardOptions Read(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<OperatorDashboardOptions>() ?? new OperatorDashboardOptions();
}
