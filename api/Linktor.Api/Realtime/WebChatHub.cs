using Linktor.Api.Auth;
using Linktor.Api.Endpoints;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Storage.Conversations;
using Linktor.Storage.Media;
using Linktor.Storage.Messages;
using Linktor.Storage.Paging;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// <c>/hubs/webchat</c>: website visitors, with a visitor token good for their channel only. They write text,
/// locations and attachments they uploaded, and see agents' public replies (never private notes) and typing.
/// </summary>
[Authorize(Policy = AuthSchemes.VisitorPolicy)]
public sealed class WebChatHub(
    IGrainFactory grains, ConversationQueries conversations, MessageReader messages, IHubContext<InboxHub, IInboxClient> inbox,
    IMediaStore mediaStore, MediaUploads uploads, PublicUrls urls, IOptions<ApiOptions> options, WebChatLimits limits, TimeProvider time) : Hub<IWebChatClient>
{
    public const string Path = "/hubs/webchat";

    private static readonly IReadOnlySet<string> VisitorContentTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        ContentTypes.Text, ContentTypes.Location, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document,
    };

    private Visitor Me => Visitor.From(Context.User!);

    private Guid TenantId => Me.TenantId;

    private Guid ChannelId => Me.ChannelId;

    private Guid ContactId => Me.ContactId;

    private string VisitorId => Me.VisitorId;

    public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Visitor(ContactId));

    /// <summary>Sends a message from the visitor; answers the stored message.</summary>
    [HubMethodName("SendMessage")]
    public Task<MessageRecord> SendMessageAsync(MessageContent content) => SendAsync(content, null);

    /// <summary>As SendMessage, with a client-made key: a retried send stores one message.</summary>
    [HubMethodName("SendMessageWithKey")]
    public Task<MessageRecord> SendMessageWithKeyAsync(MessageContent content, string idempotencyKey) => SendAsync(content, idempotencyKey);

    /// <summary>Shows agents the visitor typing; beyond <c>Linktor:WebChat:TypingPerSession</c> the signal is dropped.</summary>
    [HubMethodName("Typing")]
    public async Task TypingAsync(bool isTyping)
    {
        if (limits.AllowTyping(Me) && await CurrentConversationAsync() is { } conversation)
        {
            await inbox.Clients.Group(HubGroups.Conversation(conversation.Id))
                .Typing(new TypingEvent(conversation.Id, null, new TypingParty(ContactId), isTyping));
        }
    }

    /// <summary>The visitor's conversation after <paramref name="afterSeq"/> (public messages only): history on load, gaps after a reconnect.</summary>
    [HubMethodName("Resync")]
    public async Task<IReadOnlyList<MessageRecord>> ResyncAsync(long afterSeq)
    {
        using (var permit = limits.AcquireResync(Me))
        {
            if (!permit.IsAcquired)
            {
                throw RateLimited(permit);
            }
        }

        if (await CurrentConversationAsync() is not { } conversation)
        {
            return [];
        }

        var (page, _) = await messages.ListAsync(TenantId, conversation.Id, afterSeq, null, 500, Context.ConnectionAborted);
        return [.. page.Where(m => !m.Private)];
    }

    private async Task<MessageRecord> SendAsync(MessageContent content, string? idempotencyKey)
    {
        // Before anything is read or stored: a refused message costs a bucket lookup, not a query.
        using var permit = limits.AcquireMessage(Me, Context.GetHttpContext()?.Connection.RemoteIpAddress);
        if (!permit.IsAcquired)
        {
            throw RateLimited(permit);
        }

        var v = new Validator();
        ContentValidator.Validate(content, v);
        if (!v.Failed && !VisitorContentTypes.Contains(content.Type))
        {
            v.Add("content.type", "Visitors send text, a location or an attachment (image, video, audio, document).");
        }

        if (!v.Failed && content.Media is { } media)
        {
            content = content with { Media = await UploadedByThisTenantAsync(media, v) };
        }

        if (ContentValidator.IsOversize(content, options.Value.MaxTextBytes))
        {
            v.Add("content.text", $"At most {options.Value.MaxTextBytes} bytes.");
        }

        if (!v.Failed && content.Media is not null && !await KeepAttachmentAsync(content.Media))
        {
            v.Add("content.media.url", "That upload is gone; upload the file again.");
        }

        if (v.Failed)
        {
            throw new HubException(string.Join(" ", v.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        var received = await grains.Get<IIdentityGrain>(GrainKeys.Identity(TenantId, ChannelId, VisitorId))
            .ReceiveAsync(new InboundMessage { Content = content, IdempotencyKey = idempotencyKey });
        return received.IsSuccess ? received.Value!.Message! : throw new HubException(received.Problem!.Detail);
    }

    /// <summary>
    /// A visitor's attachment must be one they uploaded here (<c>POST /api/v1/webchat/{channel}/media</c>): any other URL
    /// would put a stranger's address into the agents' browsers. Answers the file as the media store knows it, at its
    /// canonical address, whatever the visitor claimed about it.
    /// </summary>
    private async Task<MediaInfo?> UploadedByThisTenantAsync(MediaInfo media, Validator v)
    {
        var id = MediaApi.UploadIdOf(media.Url);
        var stored = id is null ? null : await mediaStore.FindAsync(id, Context.ConnectionAborted);
        if (stored is null || stored.TenantId != TenantId)
        {
            v.Add("content.media.url", "Attach a file uploaded to this chat (POST /api/v1/webchat/{channel_id}/media).");
            return null;
        }

        return media with { Url = urls.Media(stored.Id), MimeType = stored.ContentType, Size = stored.Size, Filename = stored.Filename };
    }

    /// <summary>
    /// Marks the (checked) attachment as used by a message, once everything else about the message is valid: a refused
    /// message must not keep an upload from the janitor. An upload the ledger does not know is still fine if its file is
    /// there (uploaded before the ledger existed); one the janitor took meanwhile is not.
    /// </summary>
    private async Task<bool> KeepAttachmentAsync(MediaInfo media) =>
        await MediaApi.MarkReferencedAsync(uploads, TenantId, media.Url, time, Context.ConnectionAborted)
        || (MediaApi.UploadIdOf(media.Url) is { } id && await mediaStore.FindAsync(id, Context.ConnectionAborted) is not null);

    /// <summary>What a throttled visitor is answered, the code first (as in API.md's problem documents), then when to try again.</summary>
    private static HubException RateLimited(System.Threading.RateLimiting.RateLimitLease permit) =>
        new($"rate_limited: retry in {WebChatLimits.RetryAfterSeconds(permit)} s.");

    private async Task<ConversationRecord?> CurrentConversationAsync()
    {
        var page = await conversations.ListAsync(TenantId, new ConversationFilter { ContactId = ContactId, ChannelId = ChannelId },
            new PageRequest(null, 1), Context.ConnectionAborted);
        return page.Items.Count > 0 ? page.Items[0] : null;
    }
}
