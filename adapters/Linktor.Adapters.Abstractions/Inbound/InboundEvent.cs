namespace Linktor.Adapters;

/// <summary>One thing a provider's webhook tells: a message, a status, an edit, or a provider error.</summary>
public abstract record InboundEvent;
