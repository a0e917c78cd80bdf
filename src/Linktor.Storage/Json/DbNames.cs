using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Tenants;
using Linktor.Contracts.Webhooks;

namespace Linktor.Storage.Json;

/// <summary>Enum values as stored in text columns: the same snake_case words the API shows.</summary>
public static class DbNames
{
    public static string ToDb<TEnum>(this TEnum value)
        where TEnum : struct, Enum => EnumNames<TEnum>.ToName[value];

    public static TEnum FromDb<TEnum>(string value)
        where TEnum : struct, Enum => EnumNames<TEnum>.FromName[value];

    public static bool TryFromDb<TEnum>(string? value, out TEnum result)
        where TEnum : struct, Enum => EnumNames<TEnum>.FromName.TryGetValue(value ?? string.Empty, out result);

    // Touch every enum the store uses so a typo in a mapping fails at start-up, not on first use.
    internal static readonly object[] Known =
    [
        EnumNames<MessageStatus>.ToName, EnumNames<MessageDirection>.ToName, EnumNames<ActorType>.ToName,
        EnumNames<ConversationStatus>.ToName, EnumNames<ConversationPriority>.ToName,
        EnumNames<ChannelType>.ToName, EnumNames<ChannelStatus>.ToName, EnumNames<UserRole>.ToName,
        EnumNames<UserStatus>.ToName, EnumNames<WebhookStatus>.ToName, EnumNames<DeliveryStatus>.ToName,
    ];

    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ToName =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, TEnum> FromName =
            ToName.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
    }
}
