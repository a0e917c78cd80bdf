using Linktor.Adapters;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Grains.Media;
using Linktor.Grains.Security;
using Linktor.Storage.Channels;
using Linktor.Storage.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Channels;

/// <summary>
/// A channel: its settings and encrypted credentials, its adapter, its outbound queue with the
/// provider's rate limits, retries and circuit breaker (ChannelGrain.Outbox.cs), and its provider
/// webhooks (ChannelGrain.Inbound.cs). The queue's durable form is the message store (queued
/// outbound rows); this grain keeps the in-memory order.
/// </summary>
public sealed partial class ChannelGrain(
    [PersistentState("channel", GrainStorage.Name)] IPersistentState<ChannelState> state,
    ChannelAdapterRegistry adapters,
    CredentialProtector credentials,
    ChannelStore store,
    MessageReader messages,
    IEventPublisher publisher,
    InboundMediaCopier mediaCopier,
    IOptions<OutboxOptions> outboxOptions,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain, IRemindable
{
    private const string OutboxReminder = "outbox";
    private const int ScanSize = 1000;

    private readonly Dictionary<Guid, OutboxItem> _outbox = [];
    private readonly Random _random = new();
    private IGrainTimer? _pump;
    private bool _reminderSet;
    private bool _scanNeeded = true;
    private ChannelSettings? _settings;
    private SendThrottle? _throttle;
    private ProviderCircuit? _circuit;
    private EarlyStatuses? _earlyStatuses;

    private Guid TenantId => GrainKeys.ParseScoped(this.GetPrimaryKeyString()).TenantId;

    private Guid ChannelId => GrainKeys.ParseScoped(this.GetPrimaryKeyString()).Id;

    private bool Exists => state.State.Created && !state.State.Deleted;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            return;
        }

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
            if (await store.RefreshCapabilitiesAsync(TenantId, ChannelId, Adapter.GetCapabilities(Settings), ct))
            {
                LogCapabilitiesRefreshed(logger, ChannelId);
                publisher.Publish(new RealtimeEvent { Name = EventNames.ChannelUpdated, TenantId = TenantId, Channel = ToRecord(), At = clock.GetUtcNow() });
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
        _throttle?.Dispose();
        _throttle = null;
        if (_reminderSet && _outbox.Count == 0)
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
            _scanNeeded = true;
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

    public async Task NotifyQueuedAsync(MessageRecord message, string contactAddress)
    {
        if (state.State.Deleted)
        {
            // Accepted by a conversation that had not heard of the deletion yet.
            await FailAsync(message, ChannelDeleted);
        }
        else if (Exists && !_outbox.ContainsKey(message.Id))
        {
            _outbox[message.Id] = new OutboxItem(message, contactAddress) { DueAt = clock.GetUtcNow() };
            StartPump();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Exists)
        {
            _scanNeeded = true;
            StartPump();
        }
        else if (state.State.Deleted)
        {
            await FailQueuedAsync();
            await UnsetReminderAsync();
        }
    }

    private void StartPump()
    {
        if (_pump is null)
        {
            _pump = this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = outboxOptions.Value.PollInterval,
                Interleave = true,
                KeepAlive = true,
            });
        }
        else
        {
            _pump.Change(TimeSpan.Zero, outboxOptions.Value.PollInterval);
        }
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        if (_scanNeeded)
        {
            await ScanStoreAsync(ct);
        }

        if (_outbox.Count > 0 && !_reminderSet)
        {
            // A silo crash loses this timer; the reminder wakes the channel elsewhere to carry on.
            await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), ct);
            _reminderSet = true;
        }

        // Sends to different conversations go out concurrently (bounded); within a conversation,
        // one at a time in seq order.
        var inFlight = new Dictionary<Task, Guid>();
        // A disabled (or deleted) channel starts nothing new and holds its queue, but sends already
        // under way finish: leaving them would cancel them half-done when this timer is disposed.
        while (!ct.IsCancellationRequested)
        {
            // Set when sends are held back for a moment (rate limit, open circuit) rather than done.
            TimeSpan? holdFor = null;
            // Once the silo is stopping, nothing new starts: its outcome could not be recorded here, and the next
            // activation, on another silo, carries on from the store.
            if (Exists && state.State.Status != ChannelStatus.Disabled && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                holdFor = StartDueSends(inFlight, ct);
            }

            if (inFlight.Count == 0 && holdFor is null)
            {
                break;
            }

            // Wake when a send completes, when the hold is over, and at least every poll interval:
            // messages that arrived or came due meanwhile must not wait for a slow send elsewhere.
            var poll = outboxOptions.Value.PollInterval;
            var wake = holdFor is { } hold && hold < poll ? hold : poll;
            await Task.WhenAny(inFlight.Keys.Append(Task.Delay(wake, ct)));
            foreach (var finished in inFlight.Keys.Where(t => t.IsCompleted).ToList())
            {
                inFlight.Remove(finished);
            }
        }

        if (_outbox.Count == 0 && !_scanNeeded || state.State.Status == ChannelStatus.Disabled)
        {
            _pump?.Dispose();
            _pump = null;
        }
    }

    /// <summary>
    /// Starts the due sends the rate limits and the circuit allow; returns how long to hold off when
    /// the channel as a whole may send nothing more for now.
    /// </summary>
    private TimeSpan? StartDueSends(Dictionary<Task, Guid> inFlight, CancellationToken ct)
    {
        var circuit = Circuit;
        if (circuit.OpenFor > TimeSpan.Zero)
        {
            return circuit.OpenFor;
        }

        var throttle = _throttle ??= new SendThrottle(Adapter.GetRateLimits(Settings));
        foreach (var item in DueHeads(inFlight.Values))
        {
            if (inFlight.Count >= outboxOptions.Value.MaxConcurrentSends)
            {
                return null;
            }

            if (!throttle.TryAcquire(item.ContactAddress, out var wait, out var channelExhausted))
            {
                if (channelExhausted)
                {
                    return wait;
                }

                // This recipient's bucket is empty; others may still go.
                item.DueAt = clock.GetUtcNow() + wait;
                continue;
            }

            inFlight[SendOneAsync(item, ct)] = item.Message.ConversationId;
        }

        return null;
    }

    private ProviderCircuit Circuit => _circuit ??= new ProviderCircuit(outboxOptions.Value, clock, open =>
    {
        if (open)
        {
            LogCircuitOpened(logger, ChannelId, outboxOptions.Value.CircuitBreakDuration);
        }
        else
        {
            LogCircuitClosed(logger, ChannelId);
        }
    });

    private static readonly MessageError ChannelDeleted = new("channel_deleted", "The channel was deleted before the message was sent.");

    /// <summary>Fails everything queued on this (deleted) channel, in memory and in the store.</summary>
    private async Task FailQueuedAsync()
    {
        foreach (var item in _outbox.Values.ToList())
        {
            await FailAsync(item.Message, ChannelDeleted);
        }

        _outbox.Clear();
        IReadOnlyList<QueuedMessage> queued;
        do
        {
            queued = await messages.ListQueuedAsync(TenantId, ChannelId, ScanSize);
            foreach (var q in queued)
            {
                await FailAsync(q.Message, ChannelDeleted);
            }
        }
        while (queued.Count == ScanSize);
    }

    private Task FailAsync(MessageRecord message, MessageError error) =>
        GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(TenantId, message.ConversationId)).ApplyStatusAsync(
            new StatusUpdate { MessageId = message.Id, Status = MessageStatus.Failed, At = clock.GetUtcNow(), Error = error });

    private async Task ScanStoreAsync(CancellationToken ct)
    {
        var queued = await messages.ListQueuedAsync(TenantId, ChannelId, ScanSize, ct);
        foreach (var q in queued.Where(q => !_outbox.ContainsKey(q.Message.Id)))
        {
            _outbox[q.Message.Id] = new OutboxItem(q.Message, q.ContactAddress) { DueAt = clock.GetUtcNow() };
        }

        // A full page means there may be more behind it: look again once this page is through.
        _scanNeeded = queued.Count == ScanSize;
    }

    /// <summary>
    /// The messages that may go now, oldest first: the head of each conversation that has nothing
    /// in flight. A message waiting for a retry holds back the later ones of its conversation.
    /// </summary>
    private IEnumerable<OutboxItem> DueHeads(IEnumerable<Guid> busyConversations)
    {
        var busy = busyConversations.ToHashSet();
        var heads = new Dictionary<Guid, OutboxItem>();
        foreach (var item in _outbox.Values)
        {
            if (!busy.Contains(item.Message.ConversationId)
                && (!heads.TryGetValue(item.Message.ConversationId, out var head) || item.Message.Seq < head.Message.Seq))
            {
                heads[item.Message.ConversationId] = item;
            }
        }

        var now = clock.GetUtcNow();
        return heads.Values.Where(i => i.DueAt <= now).OrderBy(i => i.Message.CreatedAt).ToList();
    }

    private async Task SendOneAsync(OutboxItem item, CancellationToken ct)
    {
        SendResult result;
        try
        {
            var replyTo = item.Message.Content.ReplyToMessageId is { } quotedId
                ? (await messages.GetAsync(TenantId, quotedId, ct))?.ExternalId
                : null;
            var outbound = new OutboundMessage(item.Message, item.ContactAddress, replyTo);
            if (await Circuit.ExecuteAsync(token => Adapter.SendAsync(Settings, outbound, token), ct) is not { } sent)
            {
                // The provider looks down: nothing was sent and no attempt is spent; try when the circuit half-opens.
                item.DueAt = clock.GetUtcNow() + Circuit.OpenFor;
                return;
            }

            result = sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            result = SendResult.Retryable("adapter_error", ex.Message);
        }

        // An outage is the provider's, not the message's: while it lasts, attempts are not spent.
        if (!(result.Outcome == SendOutcome.Retryable && Circuit.OpenFor > TimeSpan.Zero))
        {
            item.Attempts++;
        }

        var options = outboxOptions.Value;
        if (result.Outcome == SendOutcome.Retryable && item.Attempts < options.MaxAttempts)
        {
            var delay = Backoff.Delay(item.Attempts, options.BaseDelay, options.MaxDelay, result.RetryAfter, _random);
            item.DueAt = clock.GetUtcNow() + delay;
            LogRetry(logger, item.Message.Id, item.Attempts, delay, result.Error?.Code);
            return;
        }

        var update = result.Outcome switch
        {
            SendOutcome.Sent => new StatusUpdate { MessageId = item.Message.Id, Status = MessageStatus.Sent, At = clock.GetUtcNow(), ExternalId = result.ExternalId },
            SendOutcome.Permanent => new StatusUpdate { MessageId = item.Message.Id, Status = MessageStatus.Failed, At = clock.GetUtcNow(), Error = result.Error },
            _ => new StatusUpdate
            {
                MessageId = item.Message.Id,
                Status = MessageStatus.Failed,
                At = clock.GetUtcNow(),
                Error = new MessageError("retries_exhausted", $"Gave up after {item.Attempts} attempts: {result.Error?.Message}"),
            },
        };

        var conversation = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Scoped(TenantId, item.Message.ConversationId));
        try
        {
            // Stop waiting once this activation deactivates (ct): the conversation may be waiting on this
            // channel itself (a send checks its capabilities), and a deactivating channel takes no calls until
            // this timer turn ends, so waiting would hold both for the full response timeout and stall the
            // silo's drain. The call still completes; the next activation's store scan finds its outcome.
            await conversation.ApplyStatusAsync(update).WaitAsync(ct);
            _outbox.Remove(item.Message.Id);
            if (update.ExternalId is { } externalId && _earlyStatuses?.Count > 0)
            {
                foreach (var early in _earlyStatuses.Take(externalId))
                {
                    await conversation.ApplyStatusAsync(ToUpdate(early, item.Message.Id)).WaitAsync(ct);
                }
            }
        }
        catch (Exception ex)
        {
            // The provider has it; recording that failed (database down?). Try the record again, not the send.
            LogStatusNotRecorded(logger, item.Message.Id, ex);
            item.DueAt = clock.GetUtcNow() + options.BaseDelay;
            item.Attempts--;
        }
    }

    private async Task UnsetReminderAsync()
    {
        var reminder = await this.GetReminder(OutboxReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderSet = false;
    }

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

    private async Task<Result<ChannelRecord>> SaveAsync()
    {
        await state.WriteStateAsync();
        var record = ToRecord();
        await store.UpsertAsync(record);
        publisher.Publish(new RealtimeEvent { Name = EventNames.ChannelUpdated, TenantId = TenantId, Channel = record, At = clock.GetUtcNow() });
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

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Send of {MessageId} failed (attempt {Attempt}, {Code}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Guid messageId, int attempt, TimeSpan delay, string? code);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Channel {ChannelId}: what the adapter can carry changed; the channel list row now says so")]
    private static partial void LogCapabilitiesRefreshed(ILogger logger, Guid channelId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Channel {ChannelId}: the channel list row's capabilities could not be checked")]
    private static partial void LogCapabilitiesNotRefreshed(ILogger logger, Guid channelId, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Channel {ChannelId}: the provider looks down; sends pause for {BreakDuration}")]
    private static partial void LogCircuitOpened(ILogger logger, Guid channelId, TimeSpan breakDuration);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Channel {ChannelId}: the provider answers again; sends resume")]
    private static partial void LogCircuitClosed(ILogger logger, Guid channelId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The send result of {MessageId} could not be recorded; will retry recording")]
    private static partial void LogStatusNotRecorded(ILogger logger, Guid messageId, Exception error);
}
