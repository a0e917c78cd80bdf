namespace Linktor.Bench.Api;

/// <summary>A tenant made for a run: its admin's login and an admin API key.</summary>
public sealed record BenchTenant(string Id, string Slug, string AdminEmail, string AdminPassword, string ApiKey);
