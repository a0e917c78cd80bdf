namespace Linktor.Api.Realtime;

/// <summary>SignalR group names: a tenant's agents, a conversation's watchers, a web-chat visitor.</summary>
public static class HubGroups
{
    public static string Tenant(Guid tenantId) => $"t:{tenantId:N}";

    public static string Conversation(Guid conversationId) => $"c:{conversationId:N}";

    public static string Visitor(Guid contactId) => $"v:{contactId:N}";
}
