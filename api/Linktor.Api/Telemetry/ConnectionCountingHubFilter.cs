using Linktor.Api.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Telemetry;

/// <summary>
/// Counts the hubs' connections (<see cref="ApiMetrics"/>): one up once a connection's <c>OnConnectedAsync</c>
/// succeeded, one down when that connection ends, so a refused connection never counts and never goes below zero.
/// </summary>
public sealed class ConnectionCountingHubFilter : IHubFilter
{
    private static readonly object Counted = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        if (HubOf(context.Hub) is { } hub)
        {
            context.Context.Items[Counted] = hub;
            ApiMetrics.Connections(hub, +1);
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(Counted, out var hub) && hub is string name)
            {
                ApiMetrics.Connections(name, -1);
            }
        }
    }

    private static string? HubOf(Hub hub) => hub switch
    {
        InboxHub => "inbox",
        WebChatHub => "webchat",
        _ => null,
    };
}
