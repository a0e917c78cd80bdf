namespace Linktor.Contracts.Channels;

public enum ChannelType
{
    Webchat,
    Whatsapp,
    Telegram,
    Sms,
    Messenger,
    Instagram,
    Rcs,
    Email,
    Voice,
    Grpc,
}
