namespace Linktor.Api.Tests.Wire;

/// <summary>What <c>POST /api/v1/channels/{id}/test</c> answers.</summary>
public sealed record ChannelTest(bool Ok, string Detail, Dictionary<string, string>? Identity);
