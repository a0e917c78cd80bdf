using Microsoft.Extensions.DependencyInjection;

namespace Linktor.Adapters.Tests;

internal static class LoopbackFakes
{
    /// <summary>The fake providers listen on loopback, which the outbound policy refuses by default (<see cref="OutboundOptions"/>).</summary>
    public static IServiceCollection AllowLoopbackFakes(this IServiceCollection services) =>
        services.Configure<OutboundOptions>(o => o.AllowPrivateNetworks = true);
}
