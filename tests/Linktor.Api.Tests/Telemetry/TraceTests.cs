using System.Diagnostics;
using Linktor.Api.Tests.Channels;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>One send is one trace: the HTTP request, the grain calls it makes, and the SQL that stores the message.</summary>
public sealed class TraceTests(TelemetryNode node) : IClassFixture<TelemetryNode>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTelegram _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ASendIsOneTraceFromTheRequestThroughTheGrainCallsToTheSqlOfItsAppend()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var path = $"/api/v1/conversations/{conversation.Id}/messages";

        await tenant.SendTextAsync(conversation.Id, "traced");

        var request = await RequestSpanAsync(path);
        var trace = await Eventually.GetAsync(() =>
        {
            var spans = node.Spans.Snapshot().Where(s => s.TraceId == request.TraceId).ToList();
            var append = spans.FirstOrDefault(s => s.Source.Name == "Linktor.Storage" && s.DisplayName == "group_commit append");
            return Task.FromResult(append is not null && spans.Any(s => s.Source.Name == "Npgsql" && s.ParentSpanId == append.SpanId) ? spans : null);
        }, Deadline, "the append's SQL is in the request's trace", Ct);

        trace.ShouldContain(s => s.Source.Name == "Microsoft.Orleans.Application", "the grain calls are in the trace");
        trace.ShouldContain(s => s.Source.Name == "Npgsql", "the SQL is in the trace");
        trace.Where(s => s.Source.Name == "Microsoft.Orleans.Application").ShouldAllBe(s => s.TraceId == request.TraceId);
    }

    [Fact]
    public async Task AProviderSendJoinsTheTraceOfTheRequestThatQueuedIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        var conversationId = await telegram.ReceiveTextAsync(9301, chatId: 9401, "hello", Ct);

        await tenant.SendTextAsync(conversationId, "traced to the provider");

        var request = await RequestSpanAsync($"/api/v1/conversations/{conversationId}/messages");
        var providerCall = await Eventually.GetAsync(() => Task.FromResult(node.Spans.Snapshot().FirstOrDefault(s =>
                s.TraceId == request.TraceId && s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http"
                && (s.GetTagItem("url.full") as string)?.Contains("/sendMessage", StringComparison.Ordinal) == true)),
            Deadline, "the provider's HTTP call is in the request's trace", Ct);
        // The attempt's span ends after the call's (once the outcome is recorded), so it is exported later.
        await Eventually.TrueAsync(() => Task.FromResult(node.Spans.Snapshot().Any(s => s.SpanId == providerCall.ParentSpanId && s.DisplayName == "outbox send")),
            Deadline, "the provider's call is under the outbox's attempt", Ct);
    }

    private async Task<Activity> RequestSpanAsync(string path) =>
        await Eventually.GetAsync(() => Task.FromResult(node.Spans.Snapshot().FirstOrDefault(s =>
                s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") as string == path
                && s.GetTagItem("http.request.method") as string == "POST")),
            Deadline, $"the span of POST {path} is exported", Ct);
}
