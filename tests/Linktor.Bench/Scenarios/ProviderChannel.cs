namespace Linktor.Bench.Scenarios;

/// <summary>A provider channel set up for the provider scenario: its config (sent whole on every PATCH) and the conversations it may send to.</summary>
public sealed record ProviderChannel(string Type, string Id, Dictionary<string, string> Config, IReadOnlyList<string> Conversations);
