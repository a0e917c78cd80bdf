using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;

namespace Linktor.Bench.Baseline;

/// <summary>The send route: one transaction per request.</summary>
public static class BaselineMessagesApi
{
    public static IEndpointRouteBuilder MapBaselineMessagesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/conversations/{id:guid}/messages", SendAsync);
        return app;
    }

    public static async Task<Results<JsonHttpResult<BaselineMessage>, UnauthorizedHttpResult, NotFound, ProblemHttpResult>> SendAsync(
        Guid id, SendMessageRequest body, HttpRequest request, TenantKeys keys, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!keys.TryAuthenticate(request, out var tenant))
        {
            return TypedResults.Unauthorized();
        }

        if (body.Content is not { Type: "text", Text: { Length: > 0 } text })
        {
            return TypedResults.Problem("content.type must be text, with a text.", statusCode: 422);
        }

        var content = new MessageContent("text", text);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // The row lock taken here serializes a conversation's sends: seq stays gap-free and ordered.
        await using var next = new NpgsqlCommand(
            "UPDATE conversations SET last_seq = last_seq + 1, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING last_seq",
            connection, transaction);
        next.Parameters.Add(new NpgsqlParameter { Value = tenant });
        next.Parameters.Add(new NpgsqlParameter { Value = id });
        if (await next.ExecuteScalarAsync(ct) is not long seq)
        {
            return TypedResults.NotFound(); // disposing the transaction rolls it back
        }

        var message = new BaselineMessage(Guid.CreateVersion7(), id, seq, "outbound", "queued", content, DateTimeOffset.UtcNow);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO messages (id, tenant_id, conversation_id, seq, direction, status, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = tenant });
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = seq });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Direction });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.Status });
        insert.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.Jsonb,
            Value = JsonSerializer.Serialize(content, BaselineJson.Default.MessageContent),
        });
        insert.Parameters.Add(new NpgsqlParameter { Value = message.CreatedAt });
        await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Json(message, BaselineJson.Default.BaselineMessage, statusCode: StatusCodes.Status202Accepted);
    }
}
