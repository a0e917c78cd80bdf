using System.Security.Cryptography;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Hosting;
using Linktor.Contracts.Tenants;
using Linktor.Storage.Channels;
using Linktor.Storage.Paging;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Seeding;

/// <summary>
/// Creates the <c>demo</c> tenant (an admin and a web-chat channel) the first time, and prints
/// how to sign in and the widget snippet once the server listens.
/// </summary>
public sealed partial class DemoSeeder(
    IOptions<SeedOptions> options, IOptions<PlatformOptions> platform, TenantQueries tenants, ChannelQueries channels,
    IGrainFactory grains, IPasswordHasher<object> hasher, IHostApplicationLifetime lifetime, IServer server,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    public const string Slug = "demo";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Demo)
        {
            return;
        }

        try
        {
            await WhenStartedAsync(stoppingToken);
            var (tenantId, password) = await EnsureTenantAsync(stoppingToken);
            var channel = await EnsureChannelAsync(tenantId, stoppingToken);
            PrintBanner(password, channel);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogSeedFailed(logger, ex);
        }
    }

    private async Task<(Guid TenantId, string? Password)> EnsureTenantAsync(CancellationToken ct)
    {
        if (await tenants.FindTenantBySlugAsync(Slug, ct) is { } existing)
        {
            return (existing, options.Value.AdminPassword);
        }

        var password = options.Value.AdminPassword ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var created = await grains.GetGrain<ITenantGrain>(Guid.CreateVersion7()).CreateAsync(new TenantDraft
        {
            Name = "Demo",
            Slug = Slug,
            AdminEmail = options.Value.AdminEmail,
            AdminName = "Demo Admin",
            AdminPasswordHash = hasher.HashPassword(this, password),
        });
        if (!created.IsSuccess)
        {
            throw new InvalidOperationException($"The demo tenant could not be created: {created.Problem!.Detail}");
        }

        LogSeeded(logger);
        return (created.Value!.Tenant.Id, password);
    }

    private async Task<ChannelRecord> EnsureChannelAsync(Guid tenantId, CancellationToken ct)
    {
        var page = await channels.ListAsync(tenantId, new PageRequest(null, 50), ct);
        if (page.Items.FirstOrDefault(c => c.Type == ChannelType.Webchat) is { } existing)
        {
            return existing;
        }

        var created = await grains.GetGrain<ITenantGrain>(tenantId).CreateChannelAsync(new ChannelDraft
        {
            Type = ChannelType.Webchat,
            Name = "Website chat",
            Config = new Dictionary<string, string> { ["title"] = "Chat with Demo", ["welcome_message"] = "Hi! How can we help?" },
        });
        return created.Value ?? throw new InvalidOperationException($"The demo channel could not be created: {created.Problem!.Detail}");
    }

    private void PrintBanner(string? password, ChannelRecord channel)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        var baseUrl = address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/');
        Console.WriteLine($"""

            ── Linktor is running ───────────────────────────────────────────────
              Inbox / API     {baseUrl}   (OpenAPI: {baseUrl}/openapi/v1.json)
              Demo login      {options.Value.AdminEmail} / {password ?? "(the password set on first run)"}
              Platform key    {(string.IsNullOrEmpty(platform.Value.AdminKey) ? "(not set: Linktor__Platform__AdminKey)" : platform.Value.AdminKey)}
              Widget snippet  <script src="{baseUrl}/widget/{channel.Id}.js" async></script>
            ─────────────────────────────────────────────────────────────────────

            """);
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    // Log event ids 70xx: the demo seeder (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Seeded the demo tenant")]
    private static partial void LogSeeded(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Seeding the demo tenant failed")]
    private static partial void LogSeedFailed(ILogger logger, Exception error);
}
