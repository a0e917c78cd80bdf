using Linktor.Adapters;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Channels;

/// <summary>
/// The provider's side of a channel: webhooks verified with the channel's secrets and their events
/// stored, and inbound attachments resolved. Nothing here changes the channel's state, which is why
/// these calls may interleave.
/// </summary>
public sealed partial class ChannelGrain
{
    public async Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request)
    {
        if (!Exists || !adapters.TryGet(state.State.Type, out var adapter))
        {
            return new WebhookResponse { StatusCode = 404, Error = "No such channel." };
        }

        var verdict = adapter.VerifyWebhook(Settings, request);
        if (!verdict.Accepted)
        {
            if (verdict.StatusCode >= 400)
            {
                LogWebhookRefused(logger, ChannelId, verdict.StatusCode, verdict.Reason);
            }

            return new WebhookResponse { StatusCode = verdict.StatusCode, Body = verdict.Body, ContentType = verdict.ContentType, Error = verdict.Reason };
        }

        IReadOnlyList<InboundEvent> events;
        try
        {
            events = adapter.ParseWebhook(Settings, request);
        }
        catch (WebhookFormatException ex)
        {
            LogWebhookUnreadable(logger, ChannelId, ex.Message);
            return new WebhookResponse { StatusCode = 400, Error = ex.Message };
        }

        // In the provider's order, each stored before the next: a failure leaves the rest for the
        // provider's redelivery, and what was stored already is recognised then as a duplicate.
        var stored = 0;
        foreach (var inbound in events)
        {
            stored += await StoreAsync(inbound) ? 1 : 0;
        }

        foreach (var inbound in events)
        {
            await AcknowledgeAsync(adapter, inbound);
        }

        var answer = adapter.StoredAnswer;
        return new WebhookResponse { StatusCode = 200, Stored = stored, Body = answer?.Body, ContentType = answer?.ContentType };
    }

    public async Task<Result<MediaDownload>> ResolveMediaAsync(string providerMediaId)
    {
        if (!Exists)
        {
            return Problem.NotFound("The channel");
        }

        var adapter = Adapter;
        if (await adapter.ResolveMediaAsync(Settings, providerMediaId, CancellationToken.None) is not { } download)
        {
            return Problem.NotFound("The attachment");
        }

        // The URL came from a webhook or the provider's answer: the channel's credentials go only to the provider's media hosts.
        if (!Uri.TryCreate(download.Url, UriKind.Absolute, out var url) || !destinations.IsMediaUrl(url, adapter.Hosts, Settings))
        {
            return new Problem(ProblemCode.DestinationNotAllowed,
                $"The attachment's URL ({(url is null ? "not absolute" : UrlRedaction.ForLog(url))}) is not on the provider's media hosts; it is not fetched.");
        }

        return download with { RedirectOrigins = destinations.MediaOrigins(adapter.Hosts, Settings) };
    }

    private async Task<bool> StoreAsync(InboundEvent inbound)
    {
        switch (inbound)
        {
            case InboundMessageEvent message:
                var identity = GrainFactory.Get<IIdentityGrain>(GrainKeys.Identity(TenantId, ChannelId, message.SenderAddress));
                var received = await identity.ReceiveAsync(await ResolveReferencesAsync(message));
                if (!received.IsSuccess)
                {
                    throw new InvalidOperationException($"Inbound message {message.Message.ExternalId} was not stored: {received.Problem!.Detail}");
                }

                // Its attachment, if the provider keeps one, is copied from the message.created event (the events stream).
                return !received.Value!.Duplicate;

            case InboundStatusEvent status:
                if (await messages.FindByExternalIdAsync(TenantId, ChannelId, status.ExternalId) is not { } target)
                {
                    // Possibly ahead of our own record of the send; kept a while, then dropped.
                    (_earlyStatuses ??= new EarlyStatuses(outboxOptions.Value.EarlyStatusRetention, clock)).Keep(status);
                    LogStatusForUnknownMessage(logger, ChannelId, status.ExternalId, status.Status);
                    return false;
                }

                return (await ConversationOf(target).ApplyStatusAsync(ToUpdate(status, target))).IsSuccess;

            case InboundEditEvent edit:
                if (await messages.FindByExternalIdAsync(TenantId, ChannelId, edit.ExternalId) is not { } original)
                {
                    LogEditOfUnknownMessage(logger, ChannelId, edit.ExternalId);
                    return false;
                }

                return (await ConversationOf(original).ApplyEditAsync(original.Id, edit.Content, edit.EditedAt)).IsSuccess;

            case ProviderErrorEvent error:
                LogProviderError(logger, ChannelId, error.Code);
                LogProviderErrorDetail(logger, ChannelId, error.Code, error.Message);
                return false;

            default:
                return false;
        }
    }

    /// <summary>Provider ids of quoted and reacted-to messages become our message ids, when we have them.</summary>
    private async Task<InboundMessage> ResolveReferencesAsync(InboundMessageEvent inbound)
    {
        var message = inbound.Message;
        var content = message.Content;
        if (inbound.ReplyToExternalId is { } quoted
            && await messages.FindByExternalIdAsync(TenantId, ChannelId, quoted) is { } quotedMessage)
        {
            content = content with { ReplyToMessageId = quotedMessage.Id };
        }

        if (content.Reaction is { MessageId: null, ExternalMessageId: { } reacted } reaction
            && await messages.FindByExternalIdAsync(TenantId, ChannelId, reacted) is { } reactedMessage)
        {
            content = content with { Reaction = reaction with { MessageId = reactedMessage.Id } };
        }

        // The identity needs the channel's type for a new contact or conversation: it comes with the message, as the
        // identity must not call back this grain, which awaits it.
        return message with { Content = content, ChannelType = state.State.Type };
    }

    private async Task AcknowledgeAsync(IChannelAdapter adapter, InboundEvent inbound)
    {
        if (inbound is not InboundMessageEvent { AcknowledgeToken: not null })
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await adapter.AcknowledgeAsync(Settings, inbound, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The event is stored; a missed acknowledgement only leaves a spinner on the contact's button.
            LogAcknowledgeFailed(logger, ChannelId, ex);
        }
    }

    /// <summary>A provider's status of <paramref name="message"/>, handed over with the message as this grain has it.</summary>
    private static StatusUpdate ToUpdate(InboundStatusEvent status, MessageRecord message) => new()
    {
        MessageId = message.Id, Status = status.Status, At = status.At, ExternalId = status.ExternalId, Error = status.Error, Message = message,
    };

    private IConversationGrain ConversationOf(MessageRecord message) =>
        GrainFactory.Get<IConversationGrain>(GrainKeys.Scoped(TenantId, message.ConversationId));

    // Log event ids 31xx: a channel's inbound messages (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Channel {ChannelId}: webhook refused with {StatusCode}: {Reason}")]
    private static partial void LogWebhookRefused(ILogger logger, Guid channelId, int statusCode, string? reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Channel {ChannelId}: webhook body unreadable: {Reason}")]
    private static partial void LogWebhookUnreadable(ILogger logger, Guid channelId, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Channel {ChannelId}: status {Status} for unknown provider message {ProviderMessageId}; kept a while in case its send is being recorded")]
    private static partial void LogStatusForUnknownMessage(ILogger logger, Guid channelId, string providerMessageId, MessageStatus status);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Channel {ChannelId}: edit of unknown provider message {ProviderMessageId} dropped")]
    private static partial void LogEditOfUnknownMessage(ILogger logger, Guid channelId, string providerMessageId);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Channel {ChannelId}: the provider reports error {Code}")]
    private static partial void LogProviderError(ILogger logger, Guid channelId, string code);

    // The provider's own words may name the contact ("+15551234567 is not a valid WhatsApp user"): Debug only.
    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "Channel {ChannelId}: the provider's error {Code} says: {ProviderText}")]
    private static partial void LogProviderErrorDetail(ILogger logger, Guid channelId, string code, string providerText);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Channel {ChannelId}: acknowledging an inbound event to the provider failed")]
    private static partial void LogAcknowledgeFailed(ILogger logger, Guid channelId, Exception error);
}
