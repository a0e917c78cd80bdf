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
