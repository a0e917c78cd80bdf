namespace Linktor.Contracts.Messages;

public enum MessageDirection
{
    Inbound,
    Outbound,
}
