using System.Diagnostics;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Telemetry;

/// <summary>One send is one trace: the HTTP request, the grain calls it makes, and the SQL that stores the message.</summary>
public sealed class TraceTests(TelemetryNode node) : IClassFixture<TelemetryNode>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASendIsOneTraceFromTheRequestThroughTheGrainCallsToTheSqlOfItsAppend()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var path = $"/api/v1/conversations/{conversation.Id}/messages";

        await tenant.SendTextAsync(conversation.Id, "traced");

        var request = await Eventually.GetAsync(() => Task.FromResult(node.Spans.Snapshot().FirstOrDefault(s =>
                s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") as string == path
                && s.GetTagItem("http.request.method") as string == "POST")),
            Deadline, "the request's span is exported", Ct);
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
}
