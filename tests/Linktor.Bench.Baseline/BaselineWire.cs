using System.Text.Json.Serialization;

namespace Linktor.Bench.Baseline;

/// <summary>The request body Linktor takes: <c>{"content":{"type":"text","text":"…"}}</c>.</summary>
public sealed record SendMessageRequest(MessageContent? Content);

public sealed record MessageContent(string? Type, string? Text);

/// <summary>The 202 answer: the stored message, as Linktor's has it (the fields this design has).</summary>
public sealed record BaselineMessage(
    Guid Id, Guid ConversationId, long Seq, string Direction, string Status, MessageContent Content, DateTimeOffset CreatedAt);

public sealed record CreatedTenant(Guid Id, string ApiKey);

public sealed record CreatedConversation(Guid Id);

/// <summary>Source-generated, snake_case JSON: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(BaselineMessage))]
[JsonSerializable(typeof(CreatedTenant))]
[JsonSerializable(typeof(CreatedConversation))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
public sealed partial class BaselineJson : JsonSerializerContext;
