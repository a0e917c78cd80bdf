namespace Linktor.Storage.Events;

/// <summary>
/// An event to write into the outbox (<c>events</c>) with the change that causes it: the same statement or
/// transaction stores both, so the event exists exactly when its change does.
/// </summary>
/// <remarks>
/// <see cref="Id"/> is what consumers drop repeats by, and what webhook bodies carry as <c>id</c>; <see cref="Data"/>
/// is the resource as the REST API shows it (JSON), exactly as consumers will see it.
/// </remarks>
public sealed record NewEvent(Guid Id, Guid TenantId, string Name, Guid? ConversationId, DateTimeOffset CreatedAt, string Data);
