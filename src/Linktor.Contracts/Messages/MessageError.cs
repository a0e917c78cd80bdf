namespace Linktor.Contracts.Messages;

/// <summary>Why a send failed, with the provider's own code when there is one.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.MessageError")]
public sealed record MessageError([property: Id(0)] string Code, [property: Id(1)] string Message);
