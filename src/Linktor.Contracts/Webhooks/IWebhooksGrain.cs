using Linktor.Contracts.Common;

namespace Linktor.Contracts.Webhooks;

/// <summary>
/// The outbound-webhook endpoints of one tenant (key: tenant id). Writes only; the API reads the tables
/// directly. The input is validated by the caller.
/// </summary>
[Alias("Linktor.IWebhooksGrain")]
public interface IWebhooksGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    Task<Result<WebhookCreated>> CreateAsync(WebhookDraft draft);

    [Alias("Update")]
    Task<Result<WebhookRecord>> UpdateAsync(Guid id, WebhookPatch patch);

    /// <summary>Deletes the endpoint with its deliveries; nothing more is sent to it.</summary>
    [Alias("Delete")]
    Task<Result<bool>> DeleteAsync(Guid id);

    /// <summary>Makes a delivery pending again and due at once (its attempts so far stay in the log).</summary>
    [Alias("Redeliver")]
    Task<Result<WebhookDelivery>> RedeliverAsync(Guid webhookId, Guid deliveryId);
}
