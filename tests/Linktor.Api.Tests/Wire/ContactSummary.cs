namespace Linktor.Api.Tests.Wire;

/// <summary>The <c>contact</c> of a conversation.</summary>
public sealed record ContactSummary(Guid Id, string? Name);
