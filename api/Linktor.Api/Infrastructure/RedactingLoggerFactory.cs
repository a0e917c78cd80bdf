using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// The host's logger factory with every logger wrapped in a <see cref="RedactingLogger"/>. Browsers cannot put headers on a
/// WebSocket, so agents and visitors send their token in <c>/hubs/...?access_token=</c>; ASP.NET Core's own
/// "Request starting/finished" lines (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, Information) quote the query
/// string, before any middleware could strip it. Wrapping the factory covers those and every other logger, whatever
/// level or provider an operator configures.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>Replaces the registered <see cref="ILoggerFactory"/> (the framework's <see cref="LoggerFactory"/>) with this one around it.</summary>
    public static void Register(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
    }

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
