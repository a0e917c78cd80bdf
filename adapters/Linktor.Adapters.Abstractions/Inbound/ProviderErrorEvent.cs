namespace Linktor.Adapters;

/// <summary>An error the provider reports about the channel itself (WhatsApp's value-level <c>errors</c>); logged.</summary>
public sealed record ProviderErrorEvent(string Code, string Message) : InboundEvent;
