using System.Threading.RateLimiting;
using Linktor.Api.Endpoints;
using Linktor.Api.Health;
using Linktor.Api.Infrastructure;
using Linktor.Api.Realtime;
using Linktor.Api.Seeding;
using Linktor.Contracts.Hosting;
using Linktor.Storage.Health;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

public static class ApiHostingExtensions
{
    private const string ReadyTag = "ready";

    /// <summary>
    /// The API front end: REST, the hubs, the widget and the inbox, over PostgreSQL's read models and the grains of an
    /// <see cref="IGrainFactory"/> it does not make. The host decides where the grains run: Linktor.Api's Program makes
    /// this process a client of the cluster (<see cref="ClusterClientHostingExtensions.AddLinktorClusterClient"/>),
    /// api/Linktor.SingleNode adds the silo to the same process.
    /// </summary>
    public static WebApplicationBuilder AddLinktorApi(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        // The service id names the backplane's channels, so it is read here, checked at once by the options' validator.
        var hosting = HostingOptions.Read(configuration);
        services.AddLinktorHostingOptions();
        builder.AddLinktorLogging();
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName).ValidateOnStart()
            .Validate<IOptions<RedisOptions>>((o, redis) => !o.RedisBackplane || !string.IsNullOrWhiteSpace(redis.Value.ConnectionString),
                "The Redis backplane needs Linktor:Redis:ConnectionString.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>());
        // Whether the backplane is registered is decided with the services (the cluster client turns it on in configuration).
        var backplane = configuration.GetValue<bool>($"{RealtimeOptions.SectionName}:{nameof(RealtimeOptions.RedisBackplane)}");

        builder.AddLinktorStorage();
        builder.AddLinktorMedia();
        builder.AddLinktorApiTelemetry();
        builder.AddWebChatProtection();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>());
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SeedOptions>, SeedOptionsValidator>());
        // The framework's own options take Linktor:Api's values from IOptions<ApiOptions>: checked at start, bound once.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ApiOptions>>((o, api) => ConfigureForwardedHeaders(o, api.Value.ForwardedHeaders));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((k, api) => k.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);

        // Bad input: strict JSON, binding failures thrown to the exception handler, problem documents everywhere.
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? 500;
            context.ProblemDetails.Extensions.TryAdd("code", CodeFor(status));
            context.ProblemDetails.Detail ??= status switch
            {
                404 => "No such resource.",
                405 => "This route does not take that method.",
                413 => "The request body is larger than this server accepts.",
                415 => "Send the body as application/json.",
                // API.md: every problem has a detail, also those the framework writes (status code pages).
                _ => context.ProblemDetails.Title,
            };
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddLinktorAuth(configuration);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiOptions>>((o, options) =>
        {
            var api = options.Value;
            o.AddPolicy(AuthApi.LoginRateLimit, http => PerClient(http, api.LoginsPerMinute));
            o.AddPolicy(AuthApi.RefreshRateLimit, http => PerClient(http, api.RefreshesPerMinute));
            o.GlobalLimiter = RateLimits.PerTenant(api.TenantRequestsPerMinute);
            o.AddPolicy(WebChatApi.SessionRateLimit, http => PerClient(http, api.WebChatSessionsPerMinute));
            o.AddPolicy(WebChatApi.UploadRateLimit, http => PerClient(http, api.WebChatUploadsPerMinute));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.Create(429, "rate_limited", $"Too many requests; retry in {retryAfter} s.", null).ExecuteAsync(context.HttpContext);
            };
        });
        services.AddCors(o => o.AddPolicy(WebChatApi.CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));

        var signalR = services.AddSignalR(o =>
            {
                Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<SessionHubFilter>(o);
                Microsoft.AspNetCore.SignalR.HubOptionsExtensions.AddFilter<Linktor.Api.Telemetry.ConnectionCountingHubFilter>(o);
            }).AddJsonProtocol(o => ApiJson.Configure(o.PayloadSerializerOptions));
        if (backplane)
        {
            signalR.AddStackExchangeRedis();
            services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
                .Configure<IOptions<RedisOptions>>((o, redis) =>
                {
                    o.Configuration = StackExchange.Redis.ConfigurationOptions.Parse(redis.Value.ConnectionString!);
                    o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal($"linktor:{hosting.ServiceId}");
                });
        }

        services.AddSingleton<AgentConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentConnections>());
        services.AddSingleton<SessionHubFilter>();
        services.AddSingleton<SessionConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionConnections>());
        services.AddSingleton<RealtimeRelay>();
        services.AddHostedService<RealtimeSubscription>();

        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        services.AddSingleton<RedisHealthCheck>();

        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Linktor API";
            document.Info.Description = "One API and one real-time inbox over every channel. See API.md for the contract.";
            return Task.CompletedTask;
        }));
        services.AddHttpContextAccessor();
        services.AddSingleton<PublicUrls>();
        services.AddRequestLoggingWithoutQueries();
        services.AddHostedService<DemoSeeder>();
        services.AddInboxApp();
        return builder;
    }

    public static WebApplication MapLinktorApi(this WebApplication app)
    {
        // First: everything after (the limits, the logs, Request.IsHttps) sees the client behind a known proxy.
        app.UseForwardedHeaders();
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInboxSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseCors();
        // After authentication: the per-tenant limit partitions on the caller's tenant claim.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        });

        app.MapAuthApi();
        app.MapTenantsApi();
        app.MapTenantSettingsApi();
        app.MapUsersApi();
        app.MapApiKeysApi();
        app.MapChannelsApi();
        app.MapContactsApi();
        app.MapConversationsApi();
        app.MapCannedResponsesApi();
        app.MapWebhooksApi();
        app.MapMessagesApi();
        app.MapWebChatApi();
        app.MapProviderHooksApi();
        app.MapMediaApi();
        app.MapAnalyticsApi();
        app.MapHub<InboxHub>(InboxHub.Path);
        app.MapHub<WebChatHub>(WebChatHub.Path).RequireCors(WebChatApi.CorsPolicy);
        app.MapInboxApp();
        return app;
    }

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, ForwardedHeadersSettings settings)
    {
        options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = settings.ForwardLimit;
        if (!settings.IsConfigured)
        {
            return; // the framework's default: loopback only
        }

        // Configured: exactly these, not loopback besides (a sidecar on the pod could otherwise claim any address).
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.Proxies())
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in settings.Networks())
        {
            options.KnownIPNetworks.Add(network);
        }
    }

    private static RateLimitPartition<string> PerClient(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static string CodeFor(int status) => status switch
    {
        400 => "validation_failed",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "not_found",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "validation_failed",
        422 => "unsupported_content",
        429 => "rate_limited",
        503 => ApiProblems.ServiceUnavailableCode,
        _ => "internal",
    };
}
