namespace Linktor.Api.Tests.Wire;

public sealed record User(Guid Id, string Email, string Name, string Role, string Status, DateTimeOffset CreatedAt);
