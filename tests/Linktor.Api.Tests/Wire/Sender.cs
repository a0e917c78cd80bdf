namespace Linktor.Api.Tests.Wire;

public sealed record Sender(string Type, Guid? Id);
