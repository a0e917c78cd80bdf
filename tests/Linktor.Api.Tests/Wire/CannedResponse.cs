namespace Linktor.Api.Tests.Wire;

/// <summary>A canned response as the API shows it.</summary>
public sealed record CannedResponse(Guid Id, string ShortCode, string Content, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
