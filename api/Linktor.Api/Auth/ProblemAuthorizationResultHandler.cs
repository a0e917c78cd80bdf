using Linktor.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Linktor.Api.Auth;

/// <summary>Answers 401 and 403 with problem documents whatever the scheme, instead of empty bodies.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await ApiProblems.Unauthorized("Send a valid bearer token (an agent access token or an API key).").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await ApiProblems.Forbidden("Your role does not allow this.").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
