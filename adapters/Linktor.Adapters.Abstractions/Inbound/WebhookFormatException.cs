namespace Linktor.Adapters;

/// <summary>A verified webhook whose body is not the provider's format (answered 400, nothing stored).</summary>
public sealed class WebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);
