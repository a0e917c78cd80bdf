using System.Security.Cryptography;
using System.Text;
using Linktor.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Auth;

/// <summary>Lets through only requests bearing the operator's platform admin key (compared in constant time).</summary>
public sealed class PlatformAdminFilter(IOptions<PlatformOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = options.Value.AdminKey;
        var given = BearerToken.Read(context.HttpContext.Request);
        if (string.IsNullOrEmpty(configured) || given is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(configured), Encoding.UTF8.GetBytes(given)))
        {
            return ApiProblems.Unauthorized("Send the platform admin key (Linktor:Platform:AdminKey) as a bearer token.");
        }

        return await next(context);
    }
}
