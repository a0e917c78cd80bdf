using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>The inbox app's fallback to index.html answers client routes only, never the API's own prefixes; the app runs under a strict CSP.</summary>
public sealed class InboxAppTests(LinktorNode node)
{
    [Theory]
    [InlineData("/api/v1/no_such_resource")]
    [InlineData("/api/nothing")]
    [InlineData("/hooks")]
    [InlineData("/health/nothing")]
    [InlineData("/openapi/nothing")]
    [InlineData("/widget/nothing")]
    [InlineData("/hubs/nothing")]
    public async Task UnknownPathsUnderTheApisPrefixesAnswerAProblemNotTheApp(string path)
    {
        var response = await node.AnonymousApi.GetAsync(path);

        response.Status.ShouldBeOneOf(401, 404);
        response.MediaType.ShouldNotBe("text/html");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/conversations/5f0c9b1e-0000-4000-8000-000000000001")]
    [InlineData("/index.html")]
    public async Task TheAppRunsOnlyItsOwnScriptsAndCannotBeFramed(string path)
    {
        var response = await node.AnonymousApi.GetAsync(path);

        var policy = response.Headers["Content-Security-Policy"];
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("object-src 'none'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-eval");
        response.Headers["X-Content-Type-Options"].ShouldBe("nosniff");
    }

    [Fact]
    public async Task TheApisAnswersCarryNoAppPolicy()
    {
        var response = await node.AnonymousApi.GetAsync("/api/v1/me");

        response.Headers.ContainsKey("X-Frame-Options").ShouldBeFalse();
    }
}
