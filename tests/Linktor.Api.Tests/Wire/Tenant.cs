namespace Linktor.Api.Tests.Wire;

public sealed record Tenant(Guid Id, string Name, string Slug, DateTimeOffset CreatedAt);
