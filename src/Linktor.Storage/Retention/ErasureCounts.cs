namespace Linktor.Storage.Retention;

/// <summary>What an erasure removed (recorded in <c>erasures</c>; counts only, no personal data).</summary>
public sealed record ErasureCounts(int Conversations, int Messages, int Identities, int MediaFiles, int WebhookDeliveries, int Events);
