namespace Linktor.Api.Tests.Wire;

/// <summary>The part of a message's content the tests look at.</summary>
public sealed record Content(string Type, string? Text);
