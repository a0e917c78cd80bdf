using Linktor.Adapters;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Grains.Security;
using Linktor.Storage.Channels;
using Linktor.Storage.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Channels;

/// <summary>
/// A channel: its settings and encrypted credentials, its adapter, its outbound queue with the
/// provider's rate limits, retries and circuit breaker (ChannelGrain.Outbox.cs, its decisions in
/// <see cref="OutboxScheduler"/>), and its provider webhooks (ChannelGrain.Inbound.cs). The queue's
/// durable form is the message store (queued outbound rows); this grain keeps a bounded window of it
/// in memory, in order. This file holds its lifecycle: settings, webhook registration, capabilities.
/// </summary>
public sealed partial class ChannelGrain(
    [PersistentState("channel", GrainStorage.Name)] IPersistentState<ChannelState> state,
    ChannelAdapterRegistry adapters,
    CredentialProtector credentials,
    ChannelStore store,
    MessageReader messages,
    MessageStore messageStore,
    ChannelCapabilitiesCache capabilitiesCache,
    ProviderDestinations destinations,
    IEventPublisher publisher,
    IOptions<OutboxOptions> outboxOptions,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain, IRemindable
{
    private ChannelSettings? _settings;

    private (Guid TenantId, Guid Id)? _key;

    // Parsed once: the hot paths read them many times a call.
    private Guid TenantId => (_key ??= GrainKeys.ParseScoped(this.GetPrimaryKeyString())).TenantId;

    private Guid ChannelId => (_key ??= GrainKeys.ParseScoped(this.GetPrimaryKeyString())).Id;

    private bool Exists => state.State.Created && !state.State.Deleted;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            return;
        }

        // A crash between the state write and the list row's: write the row, and the events of that change, now.
        if (state.State.Unannounced.Count > 0 && await store.StateVersionAsync(TenantId, ChannelId, cancellationToken) < state.State.Version)
        {
            await store.UpsertAsync(ToRecord(), state.State.Version, state.State.UnannouncedEvents(), cancellationToken);
        }

        state.State.Unannounced.Clear();

        // Messages queued before a restart (or on a silo that died) are sent from here.
        StartPump();
        await RefreshListedCapabilitiesAsync(cancellationToken);
    }

    /// <summary>
    /// Conversations check sends against the channel's list row, which was written when the channel was last saved:
    /// after an upgrade that changed what the adapter can carry, the row catches up here, not at the next edit.
    /// </summary>
    private async Task RefreshListedCapabilitiesAsync(CancellationToken ct)
    {
        try
        {
            var record = ToRecord();
            if (await store.RefreshCapabilitiesAsync(record, Announce.Channel(record, clock.GetUtcNow()), ct))
            {
                LogCapabilitiesRefreshed(logger, ChannelId);
                publisher.Publish(new RealtimeEvent { Name = EventNames.ChannelUpdated, TenantId = TenantId, Channel = record, At = clock.GetUtcNow() });
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException)
        {
            // Not worth failing the activation (and the call that caused it) over: the next activation tries again.
            LogCapabilitiesNotRefreshed(logger, ChannelId, ex);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await DrainSendsAsync(cancellationToken);
        StopReportingOutbox();
        _throttle?.Dispose();
        _throttle = null;
        if (_reminderSet && !Scheduler.HasWork)
        {
            await UnsetReminderAsync();
        }
    }

    public async Task<Result<ChannelRecord>> CreateAsync(ChannelDraft draft)
    {
        if (state.State.Created)
        {
            return Problem.Conflict("The channel exists already.");
        }

        if (!adapters.TryGet(draft.Type, out var adapter))
        {
            return Problem.Invalid("type", $"Channel type '{draft.Type.ToString().ToLowerInvariant()}' is not available on this server.");
        }

        var settings = adapter.Prepare(new ChannelSettings(TenantId, ChannelId, draft.Config, draft.Credentials)
        {
            WebhookUrl = WebhookUri(HookUrl(draft.PublicBaseUrl)),
        });
        var errors = adapter.Validate(settings);
        if (errors.Count > 0)
        {
            return new Problem(ProblemCode.ValidationFailed, "The channel settings are not valid.", errors);
        }

        if (RefuseDestination(adapter, settings) is { } notAllowed)
        {
            return notAllowed;
        }

        if (await RegisterWebhookAsync(adapter, settings) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        state.State = new ChannelState
        {
            Created = true,
            Type = draft.Type,
            Name = draft.Name,
            Status = ChannelStatus.Active,
            Config = settings.Config.ToDictionary(),
            ProtectedCredentials = credentials.Protect(settings.Credentials),
            CreatedAt = now,
            UpdatedAt = now,
            WebhookUrl = HookUrl(draft.PublicBaseUrl),
        };
        _settings = settings;
        return await SaveAsync();
    }

    public Task<Result<ChannelRecord>> GetAsync() =>
        Task.FromResult<Result<ChannelRecord>>(Exists ? ToRecord() : Problem.NotFound("The channel"));

    /// <summary>Null when the channel cannot take messages (deleted, disabled, or no adapter here).</summary>
    public Task<ChannelCapabilities?> GetCapabilitiesAsync() =>
        Task.FromResult(Exists && state.State.Status != ChannelStatus.Disabled && adapters.TryGet(state.State.Type, out var adapter)
            ? adapter.GetCapabilities(Settings)
            : null);

    public async Task<Result<ChannelRecord>> UpdateAsync(ChannelPatch patch)
    {
        if (!Exists)
        {
            return Problem.NotFound("The channel");
        }

        var adapter = Adapter;
        var config = state.State.Config.ToDictionary();
        foreach (var (key, value) in patch.Config ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        var secrets = Settings.Credentials.ToDictionary();
        foreach (var (key, value) in patch.Credentials ?? new Dictionary<string, string>())
        {
            secrets[key] = value;
        }

        var webhookUrl = HookUrl(patch.PublicBaseUrl) ?? state.State.WebhookUrl;
        var settings = new ChannelSettings(TenantId, ChannelId, config, secrets) { WebhookUrl = WebhookUri(webhookUrl) };
        var errors = adapter.Validate(settings);
        if (errors.Count > 0)
        {
            return new Problem(ProblemCode.ValidationFailed, "The channel settings are not valid.", errors);
        }

        if (RefuseDestination(adapter, settings) is { } notAllowed)
        {
            return notAllowed;
        }

        // The stored credentials are write-only: a new base URL must not receive them unless the caller has them too.
        if (patch.Config?.TryGetValue(ChannelConfigKeys.ApiBaseUrl, out var newBaseUrl) == true
            && !string.Equals(newBaseUrl, state.State.Config.GetValueOrDefault(ChannelConfigKeys.ApiBaseUrl) ?? "", StringComparison.Ordinal)
            && patch.Credentials is not { Count: > 0 })
        {
            return new Problem(ProblemCode.DestinationNotAllowed, "Changing config.api_base_url needs the channel's credentials again, in the same request.",
                new Dictionary<string, string[]> { ["credentials"] = ["Required with a new config.api_base_url: the stored credentials are not sent to a new host."] });
        }

        // New credentials (a new bot token) or a new public URL: tell the provider where to post.
        if ((patch.Credentials is { Count: > 0 } || patch.Config?.ContainsKey(ChannelConfigKeys.ApiBaseUrl) == true || webhookUrl != state.State.WebhookUrl)
            && await RegisterWebhookAsync(adapter, settings) is { } refused)
        {
            return refused;
        }

        state.State.Name = patch.Name ?? state.State.Name;
        state.State.Status = patch.Status ?? state.State.Status;
        state.State.Config = config;
        state.State.ProtectedCredentials = credentials.Protect(secrets);
        state.State.UpdatedAt = clock.GetUtcNow();
        state.State.WebhookUrl = webhookUrl;
        _settings = settings;
        // The rates may have changed with the config.
        _throttle?.Dispose();
        _throttle = null;
        var saved = await SaveAsync();
        if (state.State.Status == ChannelStatus.Active)
        {
            // Whatever waited while the channel was disabled goes now.
            Scheduler.RefillNeeded = true;
            StartPump();
        }

        return saved;
    }

    public async Task<Result<bool>> DeleteAsync()
    {
        if (!Exists)
        {
            return Problem.NotFound("The channel");
        }

        state.State.Deleted = true;
        state.State.Status = ChannelStatus.Disabled;
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await store.DeleteAsync(TenantId, ChannelId);
        // What was queued will never go out: say so, rather than leave it queued forever.
        await FailQueuedAsync();
        StopReportingOutbox();
        return true;
    }

    public Task<Result<string>> NormalizeAddressAsync(string address, string field)
    {
        if (!Exists)
        {
            return Task.FromResult<Result<string>>(Problem.NotFound("The channel"));
        }

        return Task.FromResult<Result<string>>(Adapter.NormalizeAddress(address.Trim()) is { } normalized
            ? normalized
            : Problem.Invalid(field, $"Not an address on a {state.State.Type.ToString().ToLowerInvariant()} channel."));
    }

    public async Task<Result<ChannelTestResult>> TestAsync()
    {
        if (!Exists)
        {
            return Problem.NotFound("The channel");
        }

        return await Adapter.TestAsync(Settings, CancellationToken.None);
    }

    /// <summary>A base URL that is not the provider's, unless the operator allows custom ones (<see cref="ProviderDestinations"/>).</summary>
    private Problem? RefuseDestination(IChannelAdapter adapter, ChannelSettings settings) =>
        destinations.CheckApiBaseUrl(adapter.Hosts, settings) is { } errors
            ? new Problem(ProblemCode.DestinationNotAllowed, $"The channel's API base URL is not its provider's ({ProviderDestinations.Setting} is off).", errors)
            : null;

    private IChannelAdapter Adapter =>
        adapters.TryGet(state.State.Type, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"No adapter for channel type {state.State.Type} on this silo.");

    private ChannelSettings Settings => _settings ??= new ChannelSettings(
        TenantId, ChannelId, state.State.Config, credentials.Unprotect(state.State.ProtectedCredentials))
    {
        WebhookUrl = WebhookUri(state.State.WebhookUrl),
    };

    private string? HookUrl(string? publicBaseUrl) => publicBaseUrl is null ? null : $"{publicBaseUrl.TrimEnd('/')}/hooks/{ChannelId}";

    private static Uri? WebhookUri(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>Registers the webhook with the provider when it wants that; a refusal is the channel's problem to report.</summary>
    private static async Task<Problem?> RegisterWebhookAsync(IChannelAdapter adapter, ChannelSettings settings)
    {
        if (settings.WebhookUrl is not { } url)
        {
            return null;
        }

        var registered = await adapter.RegisterWebhookAsync(settings, url, CancellationToken.None);
        return registered.Ok
            ? null
            : new Problem(ProblemCode.ChannelUnavailable, $"The provider refused the webhook registration: {registered.Detail}");
    }

    /// <summary>
    /// Saves the change, its list row and its event (<see cref="AnnouncedSave"/>); this silo's conversations read the
    /// new capabilities at once, and the inbox hears of it.
    /// </summary>
    private async Task<Result<ChannelRecord>> SaveAsync()
    {
        var now = clock.GetUtcNow();
        var record = ToRecord();
        await state.SaveAndAnnounceAsync(
            Announce.Channel(record, now),
            (version, events) => store.UpsertAsync(record, version, events),
            () =>
            {
                capabilitiesCache.Invalidate(TenantId, ChannelId);
                publisher.Publish(new RealtimeEvent { Name = EventNames.ChannelUpdated, TenantId = TenantId, Channel = record, At = now });
            });
        return record;
    }

    private ChannelRecord ToRecord() => new()
    {
        Id = ChannelId,
        TenantId = TenantId,
        Type = state.State.Type,
        Name = state.State.Name,
        Status = state.State.Status,
        Config = new Dictionary<string, string>(state.State.Config),
        Capabilities = Adapter.GetCapabilities(Settings),
        CreatedAt = state.State.CreatedAt,
        UpdatedAt = state.State.UpdatedAt,
    };

    // Log event ids 30xx: a channel's settings and outbox (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Channel {ChannelId}: what the adapter can carry changed; the channel list row now says so")]
    private static partial void LogCapabilitiesRefreshed(ILogger logger, Guid channelId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Channel {ChannelId}: the channel list row's capabilities could not be checked")]
    private static partial void LogCapabilitiesNotRefreshed(ILogger logger, Guid channelId, Exception exception);
}
