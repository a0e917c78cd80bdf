namespace Linktor.Grains.Media;

/// <summary>The provider could not be asked for an attachment, or would not give it (an outage, an expired media id).</summary>
public sealed class ProviderMediaUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
