namespace Linktor.Api.Endpoints;

/// <summary>What a CSV import did: how many contacts it created and which rows it skipped, why.</summary>
public sealed record ImportResult(int Created, IReadOnlyList<ImportSkip> Skipped);

public sealed record ImportSkip(int Line, string Reason);
