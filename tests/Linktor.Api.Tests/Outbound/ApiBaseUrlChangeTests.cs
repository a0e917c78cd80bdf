using Linktor.Api.Tests.Channels;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Outbound;

/// <summary>
/// Credentials are write-only, so a new <c>api_base_url</c> must not receive the stored ones: whoever moves the channel
/// gives them again (custom base URLs being allowed on this node; production refuses them outright).
/// </summary>
public sealed class ApiBaseUrlChangeTests(LinktorNode node) : IAsyncLifetime
{
    private readonly FakeTelegram _provider = new();
    private readonly FakeTelegram _elsewhere = new();

    public async ValueTask InitializeAsync()
    {
        await _provider.StartAsync();
        await _elsewhere.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Fact]
    public async Task ANewBaseUrlWithoutTheCredentialsIsRefusedAndReceivesNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _provider);
        var before = await tenant.SnapshotAsync();

        var problem = (await tenant.AdminApi.PatchAsync($"/api/v1/channels/{telegram.Channel.Id}", new
        {
            config = new Dictionary<string, string> { ["api_base_url"] = _elsewhere.BaseUrl.ToString() },
        })).ShouldBeProblem(422, "destination_not_allowed");

        problem.Errors.ShouldNotBeNull().Keys.ShouldBe(["credentials"]);
        _elsewhere.Requests.ShouldBeEmpty("the stored bot token was not sent to the new host (setWebhook)");
        (await tenant.SnapshotAsync()).ShouldBe(before);

        // With the credentials in the same request, the move is the caller's own doing.
        (await tenant.AdminApi.PatchAsync($"/api/v1/channels/{telegram.Channel.Id}", new
        {
            config = new Dictionary<string, string> { ["api_base_url"] = _elsewhere.BaseUrl.ToString() },
            credentials = new { bot_token = _elsewhere.BotToken },
        })).ShouldBe<Channel>(200).Config["api_base_url"].ShouldBe(_elsewhere.BaseUrl.ToString());
        _elsewhere.Calls("setWebhook").ShouldHaveSingleItem();
    }
}
