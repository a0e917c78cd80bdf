using Linktor.Contracts.Channels;

namespace Linktor.Api.Requests;

/// <summary><c>config</c> is shown back; <c>credentials</c> are write-only and stored encrypted.</summary>
public sealed record CreateChannelRequest(
    ChannelType? Type, string? Name, Dictionary<string, string>? Config, Dictionary<string, string>? Credentials);

public sealed record UpdateChannelRequest(
    string? Name, ChannelStatus? Status, Dictionary<string, string>? Config, Dictionary<string, string>? Credentials);
