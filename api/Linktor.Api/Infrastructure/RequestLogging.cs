using Microsoft.AspNetCore.HttpLogging;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// Request logs without query strings. The host's own request lines (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>:
/// "Request starting GET https://…?…") carry the query, and queries carry secrets here: Meta's subscription handshake
/// sends <c>hub.verify_token</c>, browsers' SignalR connections send <c>access_token</c>. That category is held at
/// Warning whatever the logging configuration says (it logs no URL there), and the framework's HTTP logging, limited to
/// method, path, status and duration, takes its place (enable <c>Microsoft.AspNetCore.HttpLogging</c> at Information).
/// </summary>
public static class RequestLogging
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddRequestLoggingWithoutQueries(this IServiceCollection services)
    {
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });

        // After every other filter: a provider's own rules outrank general ones, so each provider named in a rule gets the cap too.
        services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var providers = options.Rules.Select(r => r.ProviderName).Where(p => p is not null).Distinct().ToList();
            options.Rules.Add(new LoggerFilterRule(null, HostingDiagnostics, LogLevel.Warning, null));
            foreach (var provider in providers)
            {
                options.Rules.Add(new LoggerFilterRule(provider, HostingDiagnostics, LogLevel.Warning, null));
            }
        });
        return services;
    }
}
