using Linktor.Adapters;
using Linktor.Contracts.Common;
using Linktor.Contracts.Webhooks;
using Linktor.Grains.Common;
using Linktor.Storage.Webhooks;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Webhooks;

/// <summary>A tenant's webhook endpoints. No grain state: the table is the state; this grain owns the writes.</summary>
public sealed class WebhooksGrain(
    WebhookStore store, WebhookSecrets secrets, WebhookSubscriptions subscriptions, WebhookDeliveryWorker worker,
    IOptions<WebhookOptions> options, IOptions<OutboundOptions> outbound, TimeProvider clock)
    : Grain, IWebhooksGrain
{
    private Guid TenantId => this.GetPrimaryKey();

    public async Task<Result<WebhookCreated>> CreateAsync(WebhookDraft draft)
    {
        if (RefuseDestination(draft.Url) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var webhook = new WebhookRecord
        {
            Id = Ids.New(),
            TenantId = TenantId,
            Url = draft.Url,
            Events = draft.Events,
            Status = WebhookStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var secret = draft.Secret ?? WebhookSecrets.New();
        await store.InsertAsync(webhook, secrets.Protect(secret));
        subscriptions.Changed();
        return new WebhookCreated(webhook, secret);
    }

    public async Task<Result<WebhookRecord>> UpdateAsync(Guid id, WebhookPatch patch)
    {
        if (patch.Url is { } url && RefuseDestination(url) is { } refused)
        {
            return refused;
        }

        var updated = await store.UpdateAsync(TenantId, id, patch, patch.Secret is { } secret ? secrets.Protect(secret) : null, clock.GetUtcNow());
        if (updated is null)
        {
            return Problem.NotFound("The webhook");
        }

        subscriptions.Changed();
        if (patch.Status == WebhookStatus.Active)
        {
            worker.Wake(); // deliveries that waited while it was disabled
        }

        return updated;
    }

    public async Task<Result<bool>> DeleteAsync(Guid id)
    {
        if (!await store.DeleteAsync(TenantId, id))
        {
            return Problem.NotFound("The webhook");
        }

        subscriptions.Changed();
        return true;
    }

    public async Task<Result<WebhookDelivery>> RedeliverAsync(Guid webhookId, Guid deliveryId)
    {
        var delivery = await store.RedeliverAsync(TenantId, webhookId, deliveryId, clock.GetUtcNow());
        if (delivery is null)
        {
            return Problem.NotFound("The delivery");
        }

        worker.Wake();
        return delivery;
    }

    /// <summary>An address literal outside the public internet is refused when the URL is saved; names are checked at each delivery.</summary>
    private Problem? RefuseDestination(string url) =>
        !options.Value.AllowPrivateNetworks && !outbound.Value.AllowPrivateNetworks
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && OutboundAddresses.IsLiteralNonPublic(uri)
            ? Problem.Invalid("url", $"{uri.Host} is a loopback, private or link-local address, where webhooks are not delivered (Linktor:Webhooks:AllowPrivateNetworks).")
            : null;
}
