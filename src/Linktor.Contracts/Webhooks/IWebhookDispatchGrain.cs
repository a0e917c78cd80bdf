namespace Linktor.Contracts.Webhooks;

/// <summary>
/// A tenant's webhook dispatcher (key: the tenant id): a consumer of the tenant's events stream that queues each event
/// for the tenant's endpoints subscribed to it. Nothing calls it; the events stream delivers to it.
/// </summary>
[Alias("Linktor.IWebhookDispatchGrain")]
public interface IWebhookDispatchGrain : IGrainWithGuidKey;
