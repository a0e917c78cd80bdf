using System.Text.Json;

namespace Linktor.Api.Tests.Wire;

public sealed record Channel(
    Guid Id, string Type, string Name, string Status, Dictionary<string, string> Config, JsonElement Capabilities,
    string WebhookUrl, string? WidgetSnippet, DateTimeOffset CreatedAt);
