using Linktor.Api.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Linktor.Api.Realtime;

/// <summary>
/// Every call on <c>/hubs/inbox</c> checks the agent's session again (as every REST request does): a connection
/// whose session ended but which is still open (its closing not yet through) can no longer <c>Resync</c> or join.
/// The call fails with an error, and the connection closes right after it (the caller first learns why).
/// </summary>
public sealed class SessionHubFilter(SessionValidator sessions, TimeProvider clock) : IHubFilter
{
    private static readonly TimeSpan CloseAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        if (invocationContext.Hub is InboxHub
            && context.User?.FindFirst(LinktorClaims.Kind)?.Value == LinktorClaims.AgentKind
            && await sessions.CurrentRoleAsync(context.User, context.ConnectionAborted) is null)
        {
            // Aborting now could drop the error on its way out; the events the tenant group still sends stop a moment later.
            _ = Task.Delay(CloseAfter, clock).ContinueWith(_ => context.Abort(), TaskScheduler.Default);
            throw new HubException("The session has ended.");
        }

        return await next(invocationContext);
    }
}
