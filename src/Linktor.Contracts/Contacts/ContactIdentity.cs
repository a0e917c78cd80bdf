using Linktor.Contracts.Channels;

namespace Linktor.Contracts.Contacts;

/// <summary>How a contact is known on one channel: phone, Telegram chat id, PSID, visitor id, ...</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ContactIdentity")]
public sealed record ContactIdentity(
    [property: Id(0)] Guid ChannelId,
    [property: Id(1)] ChannelType ChannelType,
    [property: Id(2)] string ExternalId);
