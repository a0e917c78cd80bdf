using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>The inbox app's fallback to index.html answers client routes only, never the API's own prefixes.</summary>
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
}
