namespace Linktor.Api.Requests;

/// <summary><c>POST /canned_responses</c>: both fields required.</summary>
public sealed record CreateCannedResponseRequest(string? ShortCode, string? Content);

/// <summary><c>PATCH /canned_responses/{id}</c>: a field left out stays as it is.</summary>
public sealed record UpdateCannedResponseRequest(string? ShortCode, string? Content);
