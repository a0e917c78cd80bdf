using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Events;

namespace Linktor.Grains.Conversations;

/// <summary>
/// Changes to stored messages: delivery statuses applied monotonically (<see cref="StatusMerge"/>), send outcomes its
/// channel recorded itself, and contacts' edits; the conversation's last message kept current with them.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task<Result<MessageRecord>> ApplyStatusAsync(StatusUpdate update)
    {
        // The channel hands the message over as it has it; only a caller without it (or a stale copy) costs a read.
        var current = update.Message is { } given && given.Id == update.MessageId && given.TenantId == TenantId ? given
            : _lastMessage?.Id == update.MessageId ? _lastMessage
            : await reader.GetAsync(TenantId, update.MessageId);
        for (var attempt = 0; ; attempt++)
        {
            if (current is null || current.ConversationId != ConversationId)
            {
                return Problem.NotFound("The message");
            }

            if (StatusMerge.Apply(current, update) is not { } updated)
            {
                return current;
            }

            var change = new StatusChange(updated.Status, update.At, updated.Error);
            if (await store.UpdateStatusAsync(updated, current.Status, change, Announce.Message(EventNames.MessageUpdated, updated, clock.GetUtcNow())))
            {
                PublishMessage(EventNames.MessageUpdated, updated);
                OnLastMessageChanged(updated);
                return updated;
            }

            // Its channel recorded a send outcome meanwhile: merge with what is stored now.
            if (attempt == 3)
            {
                throw new InvalidOperationException($"The status of message {update.MessageId} kept changing under this update.");
            }

            current = await reader.GetAsync(TenantId, update.MessageId);
        }
    }

    public Task OnMessageUpdatedAsync(MessageRecord updated)
    {
        OnLastMessageChanged(updated);
        return Task.CompletedTask;
    }

    /// <summary>The list shows the last message with its status: keep it current, and tell the inbox.</summary>
    private void OnLastMessageChanged(MessageRecord updated)
    {
        if (_lastMessage?.Id == updated.Id && updated != _lastMessage)
        {
            _lastMessage = updated;
            PublishConversation(EventNames.ConversationUpdated);
        }
    }

    public async Task<Result<MessageRecord>> ApplyEditAsync(Guid messageId, MessageContent content, DateTimeOffset editedAt)
    {
        var current = await reader.GetAsync(TenantId, messageId);
        if (current is null || current.ConversationId != ConversationId || current.Direction != MessageDirection.Inbound)
        {
            return Problem.NotFound("The message");
        }

        if (current.EditedAt is { } last && last >= editedAt)
        {
            return current; // a redelivered or out-of-order older edit
        }

        var edited = current with { Content = content, EditedAt = editedAt };
        await store.UpdateContentAsync(edited, Announce.Message(EventNames.MessageUpdated, edited, clock.GetUtcNow()));
        PublishMessage(EventNames.MessageUpdated, edited);
        OnLastMessageChanged(edited);
        return edited;
    }
}
