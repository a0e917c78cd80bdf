using Linktor.Contracts.Common;

namespace Linktor.Contracts.Messages;

[GenerateSerializer, Immutable, Alias("Linktor.MessageSender")]
public sealed record MessageSender([property: Id(0)] ActorType Type, [property: Id(1)] Guid? Id);
