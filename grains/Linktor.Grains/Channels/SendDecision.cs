using Linktor.Contracts.Messages;

namespace Linktor.Grains.Channels;

/// <summary>A provider's answer, decided: retry after <paramref name="RetryIn"/>, or record <paramref name="Outcome"/>.</summary>
internal sealed record SendDecision(TimeSpan? RetryIn, StatusUpdate? Outcome);
