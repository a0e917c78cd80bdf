using System.Text.Json.Nodes;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>One Bot API method call: its name and its JSON parameters.</summary>
internal sealed record TelegramCall(string Method, JsonObject Parameters);
