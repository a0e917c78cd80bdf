using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Agents' presence: online from the first inbox connection to the close of the last, told to every agent of the
/// tenant as <c>presence</c> events and listed by <c>GET /api/v1/presence</c>; API keys are not agents.
/// </summary>
public sealed class PresenceTests(LinktorNode node)
{
    [Fact]
    public async Task AnAgentIsOnlineWhileATabIsOpenAndEveryAgentOfTheTenantIsTold()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        var bea = await tenant.CreateUserAsync();
        await using var admin = await tenant.ConnectInboxAsync();
        await using var outsider = await other.ConnectInboxAsync();
        await Eventually.TrueAsync(async () => (await OnlineAsync(tenant.AdminApi)).Contains(tenant.Admin.Id), EventLog.DefaultTimeout, "the admin is online", TestContext.Current.CancellationToken);

        var tab1 = await tenant.ConnectInboxAsync(bea.Tokens.AccessToken);
        var tab2 = await tenant.ConnectInboxAsync(bea.Tokens.AccessToken);
        await admin.WaitForAsync<Presence>("presence", p => p == new Presence(bea.User.Id, "online"), "the admin sees Bea come online");
        (await OnlineAsync(bea.Api)).Order().ShouldBe(new[] { tenant.Admin.Id, bea.User.Id }.Order());

        await tab1.DisposeAsync();
        await tab2.DisposeAsync();
        await admin.WaitForAsync<Presence>("presence", p => p == new Presence(bea.User.Id, "offline"), "the admin sees Bea go offline");
        (await OnlineAsync(tenant.AdminApi)).ShouldBe([tenant.Admin.Id]);
        admin.Events.All<Presence>("presence").Where(p => p.UserId == bea.User.Id).Select(p => p.Status).ShouldBe(["online", "offline"]);

        outsider.Events.All<Presence>("presence").ShouldAllBe(p => p.UserId != bea.User.Id && p.UserId != tenant.Admin.Id, "another tenant learns nothing");
        (await OnlineAsync(other.AdminApi)).ShouldBe([other.Admin.Id]);
    }

    private static async Task<Guid[]> OnlineAsync(ApiClient api) =>
        [.. (await api.GetAsync("/api/v1/presence")).ShouldBe<Page<Presence>>(200).Data.Select(p => p.UserId)];
}
