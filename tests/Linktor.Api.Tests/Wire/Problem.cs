namespace Linktor.Api.Tests.Wire;

/// <summary>An RFC 9457 problem document with API.md's <c>code</c> and, for validation, <c>errors</c> by field path.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, string Code, Dictionary<string, string[]>? Errors = null);
