using System.Text.RegularExpressions;
using Linktor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>What the node serves besides the resources: health, the OpenAPI document.</summary>
public sealed partial class HostTests(LinktorNode node)
{
    [Fact]
    public async Task LiveAndReadyAnswer200()
    {
        (await node.AnonymousApi.GetAsync("/health/live")).ShouldBe(200);
        (await node.AnonymousApi.GetAsync("/health/ready")).ShouldBe(200);
    }

    [Fact]
    public async Task AForgedHostHeaderDoesNotReachTheWidgetOrTheWebhookUrls()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();

        using var widget = new HttpRequestMessage(HttpMethod.Get, $"/widget/{channel.Id}.js");
        widget.Headers.Host = "attacker.example";
        using var script = await tenant.AdminApi.Http.SendAsync(widget, TestContext.Current.CancellationToken);
        var body = await script.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var listing = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/channels/{channel.Id}");
        listing.Headers.Host = "attacker.example";
        using var read = await tenant.AdminApi.Http.SendAsync(listing, TestContext.Current.CancellationToken);
        var described = await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)script.StatusCode).ShouldBe(200, body);
        body.ShouldNotContain("attacker.example", customMessage: "a cached widget script would send every visitor to the forged host");
        body.ShouldContain($"localhost:{node.BaseAddress.Port}");
        ((int)read.StatusCode).ShouldBe(200, described);
        described.ShouldNotContain("attacker.example");
        (await tenant.AdminApi.GetAsync($"/api/v1/channels/{channel.Id}")).As<Linktor.Api.Tests.Wire.Channel>().WidgetSnippet
            .ShouldNotBeNull().ShouldContain($"{node.BaseAddress.Host}:{node.BaseAddress.Port}", customMessage: "a Host naming this machine is believed");
    }

    [Fact]
    public async Task TheOpenApiDocumentIsServedAndListsEveryApiRoute()
    {
        var document = (await node.AnonymousApi.GetAsync("/openapi/v1.json")).ShouldBe(200);

        document.MediaType.ShouldBe("application/json");
        var paths = document.Json.GetProperty("paths");
        var listed = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var routes = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                $"{m} {Constraint().Replace(e.RoutePattern.RawText!, "{$1}").TrimEnd('/')}"))
            .ToList();

        routes.Count.ShouldBeGreaterThan(30);
        routes.Where(r => !listed.Contains(r)).ShouldBeEmpty("every /api/v1 route is in the OpenAPI document");
        paths.TryGetProperty("/api/v1/conversations/{id}/messages", out _).ShouldBeTrue();
    }

    [GeneratedRegex(@"\{([A-Za-z_]+):[^}]+\}")]
    private static partial Regex Constraint();
}
