using System.Security.Claims;
using Linktor.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthHostingExtensions
{
    /// <summary>
    /// Agents: JWT access tokens tied to a live session. Systems: hashed API keys. Web-chat
    /// visitors: their own JWT audience, good for <c>/hubs/webchat</c> only. The options bind from the host's
    /// configuration; <paramref name="configuration"/> stands in for it where the services have none (a test's own collection).
    /// </summary>
    public static IServiceCollection AddLinktorAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddSingleton<SigningKeyProvider>();
        services.AddHostedService<SigningKeyLoader>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<IPasswordHasher<object>, PasswordHasher<object>>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddSingleton<LoginBackoff>();
        services.AddMemoryCache();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(AuthSchemes.Bearer)
            .AddPolicyScheme(AuthSchemes.Bearer, "Agent token or API key", o => o.ForwardDefaultSelector = context =>
                BearerToken.Read(context.Request)?.StartsWith("lk_", StringComparison.Ordinal) == true ? AuthSchemes.ApiKey : AuthSchemes.Agent)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null)
            .AddJwtBearer(AuthSchemes.Agent, o => ConfigureJwt(o, checkSession: true))
            .AddJwtBearer(AuthSchemes.Visitor, o => ConfigureJwt(o, checkSession: false));
        services.AddOptions<JwtBearerOptions>(AuthSchemes.Agent).Configure<TokenIssuer>((o, issuer) =>
            o.TokenValidationParameters = issuer.ValidationParameters(AuthSchemes.AgentAudience));
        services.AddOptions<JwtBearerOptions>(AuthSchemes.Visitor).Configure<TokenIssuer>((o, issuer) =>
            o.TokenValidationParameters = issuer.ValidationParameters(AuthSchemes.VisitorAudience));

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthSchemes.TenantPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Bearer).RequireAuthenticatedUser()
                .RequireClaim(LinktorClaims.Tenant).RequireClaim(LinktorClaims.Kind, LinktorClaims.AgentKind, LinktorClaims.ApiKeyKind))
            .AddPolicy(AuthSchemes.AdminPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Bearer).RequireAuthenticatedUser()
                .RequireClaim(LinktorClaims.Tenant).RequireClaim(LinktorClaims.Role, "admin"))
            .AddPolicy(AuthSchemes.VisitorPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Visitor).RequireAuthenticatedUser()
                .RequireClaim(LinktorClaims.Kind, LinktorClaims.VisitorKind));
        return services;
    }

    private static void ConfigureJwt(JwtBearerOptions o, bool checkSession)
    {
        o.MapInboundClaims = false;
        o.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                context.Token = BearerToken.Read(context.Request);
                return Task.CompletedTask;
            },
            OnTokenValidated = async context =>
            {
                if (!checkSession)
                {
                    return;
                }

                var role = await context.HttpContext.RequestServices.GetRequiredService<SessionValidator>()
                    .CurrentRoleAsync(context.Principal!, context.HttpContext.RequestAborted);
                if (role is null)
                {
                    context.Fail("The session has ended.");
                    return;
                }

                // The role in the token may be stale: a demoted admin is an agent from now on.
                var identity = (ClaimsIdentity)context.Principal!.Identity!;
                foreach (var claim in identity.FindAll(LinktorClaims.Role).ToList())
                {
                    identity.RemoveClaim(claim);
                }

                identity.AddClaim(new Claim(LinktorClaims.Role, role));
            },
        };
    }
}
