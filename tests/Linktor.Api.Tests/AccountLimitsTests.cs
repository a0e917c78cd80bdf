using System.Globalization;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Failed sign-ins lock the account they were for (growing, reset by a success), whatever client sends them;
/// authenticated requests are limited per tenant; a sign-in for an unknown email costs what a wrong password does.
/// </summary>
public sealed class AccountLimitsTests(AccountLimitsNode node) : IClassFixture<AccountLimitsNode>
{
    [Fact]
    public async Task RepeatedFailuresLockTheAccountWithAGrowingRetryAfterAndOtherAccountsSignIn()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var other = await TestTenant.CreateAsync(node);
        var email = tenant.Admin.Email;
        for (var i = 1; i < AccountLimitsNode.FailuresBeforeLock; i++)
        {
            (await LoginAsync(email, "wrong password")).ShouldBeProblem(401, "unauthorized");
        }

        var locking = await LoginAsync(email, "wrong password");
        locking.ShouldBeProblem(429, "rate_limited");
        RetryAfter(locking).ShouldBe((int)AccountLimitsNode.FirstLock.TotalSeconds);
        // Locked: even the right password waits (a guess that happens to be right must not get through).
        var locked = await LoginAsync(email, TestTenant.Password);
        locked.ShouldBeProblem(429, "rate_limited");
        RetryAfter(locked).ShouldBeInRange(1, (int)AccountLimitsNode.FirstLock.TotalSeconds);
        // Another account is not locked.
        await node.LoginAsync(other.Admin.Email, TestTenant.Password);

        // Once the lock lapses, the next failure locks for twice as long. (While locked, failures neither count nor extend it.)
        var doubled = (int)(AccountLimitsNode.FirstLock * 2).TotalSeconds;
        await Eventually.TrueAsync(async () =>
        {
            var attempt = await LoginAsync(email, "wrong password");
            attempt.ShouldBe(429);
            return RetryAfter(attempt) == doubled;
        }, AccountLimitsNode.FirstLock * 3, "a failure after the first lock locks for twice as long", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ASuccessfulSignInStartsTheCountAgain()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var email = tenant.Admin.Email;
        for (var round = 0; round < 3; round++)
        {
            for (var i = 1; i < AccountLimitsNode.FailuresBeforeLock; i++)
            {
                (await LoginAsync(email, "wrong password")).ShouldBeProblem(401, "unauthorized");
            }

            await node.LoginAsync(email, TestTenant.Password);
        }
    }

    [Fact]
    public async Task ASignInForAnUnknownEmailVerifiesAPasswordAsAWrongPasswordDoes()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var before = node.Hasher.Verifications;
        (await LoginAsync($"nobody-{Guid.NewGuid():N}@example.com", "a password")).ShouldBeProblem(401, "unauthorized");
        var forUnknown = node.Hasher.Verifications - before;

        before = node.Hasher.Verifications;
        (await LoginAsync(tenant.Admin.Email, "a wrong password")).ShouldBeProblem(401, "unauthorized");
        var forWrongPassword = node.Hasher.Verifications - before;

        forWrongPassword.ShouldBe(1);
        forUnknown.ShouldBe(forWrongPassword, "the same work, so the same time, whether or not the email exists");
    }

    [Fact]
    public async Task AuthenticatedRequestsAreLimitedPerTenantAndOtherTenantsAreNot()
    {
        var busy = await TestTenant.CreateAsync(node);
        var quiet = await TestTenant.CreateAsync(node);
        for (var i = 0; i < AccountLimitsNode.TenantRequestsPerMinute; i++)
        {
            (await busy.AdminApi.GetAsync("/api/v1/me")).ShouldBe(200);
        }

        var limited = await busy.AdminApi.GetAsync("/api/v1/me");
        limited.ShouldBeProblem(429, "rate_limited");
        RetryAfter(limited).ShouldBeGreaterThan(0);
        // The same limit for every agent and key of the tenant; another tenant, and signing in, are not touched.
        var anotherSession = await node.LoginAsync(busy.Admin.Email, TestTenant.Password);
        (await new ApiClient(node.CreateHttpClient(anotherSession.AccessToken)).GetAsync("/api/v1/me")).ShouldBeProblem(429, "rate_limited");
        (await quiet.AdminApi.GetAsync("/api/v1/me")).ShouldBe(200);
    }

    private Task<ApiResponse> LoginAsync(string email, string password) =>
        node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email, password });

    private static int RetryAfter(ApiResponse response) => int.Parse(response.Headers["Retry-After"], CultureInfo.InvariantCulture);
}
