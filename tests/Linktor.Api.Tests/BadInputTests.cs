using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Bad input gets its own problem code (an <c>application/problem+json</c> with type, title, status, code and, for
/// validation, errors by field path) and changes nothing: the tenant's rows and grain state are as before.
/// </summary>
public sealed class BadInputTests(LinktorNode node)
{
    private static readonly object Text = new { type = "text", text = "hello" };
    private static readonly Lock SharedLock = new();
    private static Task<(TestTenant, Context)>? _shared;

    private static readonly Dictionary<string, BadRequest> Cases = new BadRequest[]
    {
        new("MalformedJson", c => c.Agent.SendRawAsync(HttpMethod.Post, c.Messages, """{"content": {"type": "text", "text": "hi" """), 400, "validation_failed", ["body"]),
        new("JsonThatIsNotAnObject", c => c.Agent.SendRawAsync(HttpMethod.Post, c.Messages, "[1, 2]"), 400, "validation_failed", ["body"]),
        new("EmptyBody", c => c.Agent.SendRawAsync(HttpMethod.Post, c.Messages, ""), 400, "validation_failed", []),
        new("WrongTypeOfANestedField", c => c.Agent.SendRawAsync(HttpMethod.Post, c.Messages, """{"content": {"type": "text", "text": 5}}"""),
            400, "validation_failed", ["content.text"]),
        new("WrongTypeOfATopLevelField", c => c.Agent.PostAsync(c.Messages, new { content = Text, @private = "yes" }), 400, "validation_failed", ["private"]),
        new("MissingContent", c => c.Agent.PostAsync(c.Messages, new { }), 400, "validation_failed", ["content"]),
        new("MissingTextOfATextMessage", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "text" } }), 400, "validation_failed", ["content.text"]),
        new("MissingRequiredFieldsOfAChannel", c => c.Admin.PostAsync("/api/v1/channels", new { }), 400, "validation_failed", ["type", "name"]),
        new("MissingRequiredFieldsOfAUser", c => c.Admin.PostAsync("/api/v1/users", new { name = "Nobody" }), 400, "validation_failed", ["email", "role", "password"]),
        new("MissingContactIdOfAConversation", c => c.Agent.PostAsync("/api/v1/conversations", new { channel_id = c.ChannelId }), 400, "validation_failed", ["contact_id"]),
        new("UnknownTopLevelField", c => c.Agent.PostAsync(c.Messages, new { content = Text, colour = "red" }), 400, "validation_failed", ["colour"]),
        new("UnknownNestedField", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "text", text = "hi", colour = "red" } }),
            400, "validation_failed", ["content.colour"]),
        new("UnknownContentType", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "hologram" } }), 400, "validation_failed", ["content.type"]),
        new("UnknownChannelType", c => c.Admin.PostAsync("/api/v1/channels", new { type = "carrier_pigeon", name = "Coo" }), 400, "validation_failed", ["type"]),
        new("UnknownConversationStatus", c => c.Agent.PatchAsync(c.Conversation, new { status = "done-ish" }), 400, "validation_failed", ["status"]),
        new("BadEmailOfAContact", c => c.Agent.PostAsync("/api/v1/contacts", new { name = "Bad", email = "not-an-email" }), 400, "validation_failed", ["email"]),
        new("BadCoordinates", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "location", location = new { latitude = 91.0, longitude = 0.0 } } }),
            400, "validation_failed", ["content.location.latitude"]),
        new("MediaWithoutUrl", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "image", media = new { caption = "no url" } } }),
            400, "validation_failed", ["content.media.url"]),
        new("ScriptUrlOfAnImage", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "image", media = new { url = "javascript:alert(document.cookie)" } } }),
            400, "validation_failed", ["content.media.url"]),
        new("ScriptUrlBesideAText", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "text", text = "see", media = new { url = "javascript:alert(1)" } } }),
            400, "validation_failed", ["content.media.url"]),
        new("OversizeText", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "text", text = new string('x', (64 * 1024) + 1) } }),
            413, "payload_too_large", ["content.text"]),
        new("OversizeMultiByteText", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "text", text = new string('é', (32 * 1024) + 1) } }),
            413, "payload_too_large", ["content.text"]),
        new("OversizeBody", c => c.Agent.PostAsync("/api/v1/contacts", new { name = "Big", custom_attributes = new { blob = new string('x', 2 * 1024 * 1024) } }),
            413, "payload_too_large", []),
        new("WrongContentType", c => c.Agent.SendRawAsync(HttpMethod.Post, c.Messages, """{"content": {"type": "text", "text": "hi"}}""", "text/plain"),
            415, "validation_failed", []),
        new("LimitZero", c => c.Agent.GetAsync("/api/v1/contacts?limit=0"), 400, "validation_failed", ["limit"]),
        new("LimitAboveTwoHundred", c => c.Agent.GetAsync("/api/v1/conversations?limit=201"), 400, "validation_failed", ["limit"]),
        new("LimitNotANumber", c => c.Agent.GetAsync("/api/v1/users?limit=lots"), 400, "validation_failed", ["limit"]),
        new("MessagesLimitAboveTwoHundred", c => c.Agent.GetAsync($"{c.Messages}?limit=500"), 400, "validation_failed", ["limit"]),
        new("BadCursor", c => c.Agent.GetAsync("/api/v1/conversations?cursor=bm90LWEtY3Vyc29y"), 400, "validation_failed", ["cursor"]),
        new("GarbageCursor", c => c.Agent.GetAsync("/api/v1/contacts?cursor=%%%"), 400, "validation_failed", ["cursor"]),
        new("BadAssigneeFilter", c => c.Agent.GetAsync("/api/v1/conversations?assignee_id=somebody"), 400, "validation_failed", ["assignee_id"]),
        new("UnknownConversation", c => c.Agent.GetAsync($"/api/v1/conversations/{Guid.NewGuid()}"), 404, "not_found", []),
        new("SendToAnUnknownConversation", c => c.Agent.PostAsync($"/api/v1/conversations/{Guid.NewGuid()}/messages", new { content = Text }), 404, "not_found", []),
        new("UnknownMessage", c => c.Agent.GetAsync($"/api/v1/messages/{Guid.NewGuid()}"), 404, "not_found", []),
        new("UnknownContactToPatch", c => c.Agent.PatchAsync($"/api/v1/contacts/{Guid.NewGuid()}", new { name = "Ghost" }), 404, "not_found", []),
        new("UnknownChannelToSendFrom", c => c.Agent.PostAsync("/api/v1/messages", new { channel_id = Guid.NewGuid(), to = c.VisitorId, content = Text }),
            404, "not_found", []),
        new("IdThatIsNotAnId", c => c.Agent.GetAsync("/api/v1/conversations/not-an-id"), 404, "not_found", []),
        new("UnknownRoute", c => c.Agent.GetAsync("/api/v1/nothing-here"), 404, "not_found", []),
        new("TemplateOnWebChat", c => c.Agent.PostAsync(c.Messages, new { content = new { type = "template", template = new { name = "promo", language = "en" } } }),
            422, "unsupported_content", ["content.type"]),
        new("StickerOnWebChatByAddress", c => c.Agent.PostAsync("/api/v1/messages",
            new { channel_id = c.ChannelId, to = c.VisitorId, content = new { type = "sticker", media = new { url = "https://example.com/s.webp" } } }),
            422, "unsupported_content", ["content.type"]),
        new("WrongPassword", c => c.Anonymous.PostAsync("/api/v1/auth/login", new { email = c.AdminEmail, password = "wrong password!" }), 401, "unauthorized", []),
        new("UnknownEmail", c => c.Anonymous.PostAsync("/api/v1/auth/login", new { email = "nobody@nowhere.example.com", password = "whatever1" }), 401, "unauthorized", []),
        new("NoToken", c => c.Anonymous.GetAsync("/api/v1/conversations"), 401, "unauthorized", []),
        new("GarbageToken", c => c.Garbage.GetAsync("/api/v1/conversations"), 401, "unauthorized", []),
        new("UnknownApiKey", c => c.UnknownKey.GetAsync("/api/v1/contacts"), 401, "unauthorized", []),
        new("WrongPlatformKey", c => c.Garbage.PostAsync("/api/v1/tenants",
            new { name = "Evil", slug = "evil-corp", admin_email = "e@evil.example.com", admin_password = "password123" }), 401, "unauthorized", []),
        new("TenantTokenOnThePlatformRoute", c => c.Admin.GetAsync("/api/v1/tenants"), 401, "unauthorized", []),
        new("AgentCreatesAChannel", c => c.Agent.PostAsync("/api/v1/channels", new { type = "webchat", name = "Mine" }), 403, "forbidden", []),
        new("AgentCreatesAUser", c => c.Agent.PostAsync("/api/v1/users", new { email = "x@y.example.com", name = "X", role = "admin", password = "password123" }),
            403, "forbidden", []),
        new("AgentListsApiKeys", c => c.Agent.GetAsync("/api/v1/api_keys"), 403, "forbidden", []),
        new("AgentDeletesAChannel", c => c.Agent.DeleteAsync($"/api/v1/channels/{c.ChannelId}"), 403, "forbidden", []),
        new("AgentPromotesThemself", c => c.Agent.PatchAsync($"/api/v1/users/{c.AgentId}", new { role = "admin" }), 403, "forbidden", []),
        new("AgentRenamesAnotherUser", c => c.Agent.PatchAsync($"/api/v1/users/{c.AdminId}", new { name = "Renamed" }), 403, "forbidden", []),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInputGetsItsProblemCodeAndChangesNothing(string name)
    {
        var @case = Cases[name];
        var (tenant, context) = await SharedAsync(node);
        var counts = await tenant.CountRowsAsync();
        var before = await tenant.SnapshotAsync();

        var response = await @case.Send(context);

        var problem = response.ShouldBeProblem(@case.Status, @case.Code);
        problem.Detail.ShouldNotBeNullOrWhiteSpace();
        foreach (var field in @case.Fields)
        {
            problem.Errors.ShouldNotBeNull($"{name}: {response}").Keys.ShouldContain(field, $"{name}: {response}");
        }

        (await tenant.CountRowsAsync()).ShouldBe(counts);
        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    /// <summary>
    /// One tenant for all cases: they run one after another (one class), each compares the tenant before and
    /// after itself, and none may change anything anyway.
    /// </summary>
    private static Task<(TestTenant, Context)> SharedAsync(LinktorNode node)
    {
        lock (SharedLock)
        {
            return _shared ??= CreateAsync(node);
        }
    }

    private static async Task<(TestTenant, Context)> CreateAsync(LinktorNode node)
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var (conversation, visitor) = await tenant.StartConversationAsync();
        return (tenant, new Context(
            Admin: tenant.AdminApi,
            Agent: agent.Api,
            Anonymous: node.AnonymousApi,
            Garbage: new ApiClient(node.CreateHttpClient("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.c2lnbmF0dXJl")),
            UnknownKey: new ApiClient(node.CreateHttpClient("lk_" + new string('a', 43))),
            Messages: $"/api/v1/conversations/{conversation.Id}/messages",
            Conversation: $"/api/v1/conversations/{conversation.Id}",
            ChannelId: conversation.ChannelId,
            VisitorId: visitor.VisitorId,
            AdminEmail: tenant.Admin.Email,
            AdminId: tenant.Admin.Id,
            AgentId: agent.User.Id));
    }

    private sealed record BadRequest(string Name, Func<Context, Task<ApiResponse>> Send, int Status, string Code, string[] Fields);

    private sealed record Context(
        ApiClient Admin, ApiClient Agent, ApiClient Anonymous, ApiClient Garbage, ApiClient UnknownKey, string Messages, string Conversation,
        Guid ChannelId, string VisitorId, string AdminEmail, Guid AdminId, Guid AgentId);
}
