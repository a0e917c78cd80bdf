namespace Linktor.Contracts.Common;

/// <summary>Who asks for a change: an agent (user id), an API key, a contact, or the system.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.Actor")]
public sealed record Actor([property: Id(0)] ActorType Type, [property: Id(1)] Guid? Id)
{
    public static readonly Actor System = new(ActorType.System, null);
}
