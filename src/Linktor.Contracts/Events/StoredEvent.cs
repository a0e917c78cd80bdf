namespace Linktor.Contracts.Events;

/// <summary>
/// One row of the events outbox as the in-cluster consumers receive it (Orleans stream
/// <see cref="EventStreams.Namespace"/>, keyed by <see cref="TenantId"/>). It was written in the transaction of the
/// change that caused it, and is delivered at least once: consumers drop repeats by <see cref="Id"/>.
/// </summary>
/// <param name="Id">The event id (what webhooks carry); unique, and the key to drop a repeated delivery by.</param>
/// <param name="TenantId">The tenant, which is also the stream: a tenant's events arrive in the order they were stored.</param>
/// <param name="Name"><c>message.created</c>, <c>conversation.updated</c>, ...</param>
/// <param name="ConversationId">The conversation of a <c>message.*</c> or <c>conversation.*</c> event.</param>
/// <param name="CreatedAt">When the change happened.</param>
/// <param name="Data">The resource as the REST API shows it (JSON).</param>
[GenerateSerializer, Immutable, Alias("Linktor.StoredEvent")]
public sealed record StoredEvent(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid TenantId,
    [property: Id(2)] string Name,
    [property: Id(3)] Guid? ConversationId,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string Data);
