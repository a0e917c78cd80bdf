using System.Net;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// API.md: the browser inbox keeps its refresh token in an HttpOnly cookie that <c>refresh</c> accepts; API clients
/// keep the body field.
/// </summary>
public sealed class RefreshCookieTests(LinktorNode node)
{
    [Fact]
    public async Task LoginSetsAnHttpOnlyStrictCookieForTheAuthRoutesThatRefreshAcceptsAndLogoutClears()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var jar = new CookieContainer();
        var browser = Browser(jar);

        var login = await browser.PostAsync("/api/v1/auth/login", new { email = tenant.Admin.Email, password = TestTenant.Password });
        var tokens = login.ShouldBe<Tokens>(200);
        var cookie = login.Headers["Set-Cookie"];
        cookie.ShouldContain("linktor_refresh=");
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("path=/api/v1/auth", Case.Insensitive);
        cookie.ShouldNotContain("secure;", Case.Insensitive, "plain HTTP: a Secure cookie would never come back");
        tokens.RefreshToken.ShouldNotBeNullOrWhiteSpace("API clients keep the body field");
        // Sent to the auth routes only.
        jar.GetCookies(new Uri(node.BaseAddress, "/api/v1/me")).Count.ShouldBe(0);

        // No body field: the cookie is the refresh token, and it rotates.
        var refreshed = (await browser.PostAsync("/api/v1/auth/refresh", new { })).ShouldBe<Tokens>(200);
        refreshed.User.Id.ShouldBe(tenant.Admin.Id);
        var again = (await browser.PostAsync("/api/v1/auth/refresh", new { })).ShouldBe<Tokens>(200);
        again.RefreshToken.ShouldNotBe(refreshed.RefreshToken);
        // The cookie held the rotated token: the login's is spent.
        jar.GetCookies(new Uri(node.BaseAddress, "/api/v1/auth/refresh"))["linktor_refresh"]!.Value.ShouldBe(again.RefreshToken);

        var logout = await new ApiClient(Browser(jar, again.AccessToken).Http).PostAsync("/api/v1/auth/logout");
        logout.ShouldBe(204);
        logout.Headers["Set-Cookie"].ShouldContain("linktor_refresh=;");
        jar.GetCookies(new Uri(node.BaseAddress, "/api/v1/auth/refresh")).Count.ShouldBe(0);
        (await browser.PostAsync("/api/v1/auth/refresh", new { })).ShouldBeValidationProblem("refresh_token");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = again.RefreshToken })).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task OverHttpsTheCookieIsSecure()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var browser = Browser(new CookieContainer());
        // The tests' clients come from loopback, which the framework trusts as a proxy by default.
        browser.Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var login = await browser.PostAsync("/api/v1/auth/login", new { email = tenant.Admin.Email, password = TestTenant.Password });

        login.ShouldBe(200);
        login.Headers["Set-Cookie"].ShouldContain("secure", Case.Insensitive);
    }

    private ApiClient Browser(CookieContainer jar, string? bearer = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, UseCookies = true }) { BaseAddress = node.BaseAddress };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return new ApiClient(http);
    }
}
