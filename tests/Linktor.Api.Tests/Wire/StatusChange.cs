namespace Linktor.Api.Tests.Wire;

public sealed record StatusChange(string Status, DateTimeOffset At);
