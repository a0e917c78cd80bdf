using Linktor.Contracts.Events;

namespace Linktor.Storage.Events;

/// <summary>An event as read from its queue, with where it sits there.</summary>
public sealed record StoredEventRow(EventPosition At, StoredEvent Event);
