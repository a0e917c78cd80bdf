namespace Linktor.Contracts.Events;

/// <summary>
/// Where the events outbox is published inside the cluster: one Orleans stream per tenant (the stream key is the
/// tenant id), in namespace <see cref="Namespace"/> of the persistent stream provider <see cref="ProviderName"/>.
/// Consumers subscribe implicitly (<c>[ImplicitStreamSubscription(EventStreams.Namespace)]</c> on a Guid-keyed grain,
/// whose key is then the tenant id).
/// </summary>
public static class EventStreams
{
    /// <summary>The stream provider that reads the <c>events</c> table.</summary>
    public const string ProviderName = "linktor-events";

    /// <summary>The stream namespace of every stored event.</summary>
    public const string Namespace = "events";
}
