using Linktor.Adapters;
using Linktor.Adapters.WebChat;

namespace Microsoft.Extensions.DependencyInjection;

public static class WebChatHostingExtensions
{
    public static IServiceCollection AddWebChatAdapter(this IServiceCollection services) =>
        services.AddSingleton<IChannelAdapter, WebChatAdapter>();
}
