namespace Linktor.Contracts.Common;

/// <summary>API.md's <c>sender.type</c>: who wrote a message or made a change.</summary>
public enum ActorType
{
    Contact,
    Agent,
    Api,
    Bot,
    System,
}
