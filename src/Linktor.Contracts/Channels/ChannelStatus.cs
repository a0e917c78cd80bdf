namespace Linktor.Contracts.Channels;

public enum ChannelStatus
{
    Active,
    Disabled,
    Error,
}
