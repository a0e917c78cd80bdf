using Linktor.Api.Infrastructure;
using Linktor.Contracts.Channels;

namespace Linktor.Api.Requests;

/// <summary>An identity given for a contact; <c>channel_type</c> is optional and must match the channel when given.</summary>
public sealed record IdentityInput(Guid? ChannelId, string? ExternalId, ChannelType? ChannelType);

public sealed record CreateContactRequest(
    string? Name, string? Email, string? Phone, Dictionary<string, string>? CustomAttributes,
    IReadOnlyList<string>? Labels, IReadOnlyList<IdentityInput>? Identities);

public sealed record UpdateContactRequest(
    Optional<string> Name, Optional<string> Email, Optional<string> Phone, Dictionary<string, string>? CustomAttributes,
    IReadOnlyList<string>? Labels, IReadOnlyList<IdentityInput>? Identities);
