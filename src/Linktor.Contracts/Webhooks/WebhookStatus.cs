namespace Linktor.Contracts.Webhooks;

/// <summary>Whether an endpoint gets events. A disabled endpoint gets no new deliveries and its pending ones wait.</summary>
public enum WebhookStatus
{
    Active,
    Disabled,
}
