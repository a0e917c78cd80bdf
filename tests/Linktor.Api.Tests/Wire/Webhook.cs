namespace Linktor.Api.Tests.Wire;

/// <summary>An outbound-webhook endpoint as the API shows it; <see cref="Secret"/> only in the creation response.</summary>
public sealed record Webhook(
    Guid Id, string Url, IReadOnlyList<string> Events, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret = null);
