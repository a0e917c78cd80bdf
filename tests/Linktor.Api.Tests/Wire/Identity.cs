namespace Linktor.Api.Tests.Wire;

/// <summary>A contact's identity on one channel.</summary>
public sealed record Identity(Guid ChannelId, string ChannelType, string ExternalId);
