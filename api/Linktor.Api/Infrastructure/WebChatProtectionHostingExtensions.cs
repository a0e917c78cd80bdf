using Linktor.Api.Infrastructure;
using Linktor.Api.Realtime;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

public static class WebChatProtectionHostingExtensions
{
    /// <summary>
    /// What keeps anonymous web chat from hurting a tenant or its neighbours: the node's visitor throttles
    /// (<see cref="WebChatLimits"/>), the collection of unreferenced uploads (<see cref="UploadJanitor"/>; the quota is
    /// <c>Linktor:Media:TenantQuotaBytes</c>). Hub tokens in query strings are kept out of the logs by <see cref="RequestLogging"/>.
    /// </summary>
    public static WebApplicationBuilder AddWebChatProtection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebChatLimitOptions>().BindConfiguration(WebChatLimitOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebChatLimitOptions>, WebChatLimitOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebChatLimits>();
        services.AddHostedService<UploadJanitor>();
        return builder;
    }
}
