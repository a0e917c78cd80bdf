using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Linktor.Api.Infrastructure;
using Linktor.Contracts.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Auth;

/// <summary>
/// The per-account lock on repeated failed sign-ins (<see cref="ILoginBackoffGrain"/>, keyed by the lower-cased email,
/// so it holds across API nodes and says nothing about whether the email exists). The per-address login limit
/// slows one client; this slows a spread-out guessing at one account.
/// </summary>
public sealed class LoginBackoff(IGrainFactory grains, IOptions<AuthOptions> options)
{
    public Task<TimeSpan?> LockedForAsync(string account) => Grain(account).LockedForAsync();

    public Task<TimeSpan?> FailedAsync(string account)
    {
        var o = options.Value;
        return Grain(account).FailedAsync(new LoginBackoffPolicy(o.LoginFailuresBeforeLock, o.LoginLock, o.MaxLoginLock));
    }

    public Task SucceededAsync(string account) => Grain(account).SucceededAsync();

    /// <summary>An account's key: the lower-cased email's hash, so that no address ends up in a grain id (and its logs).</summary>
    public static string AccountKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    /// <summary>429 with Retry-After: the account is locked for <paramref name="lockFor"/>.</summary>
    public static ProblemHttpResult Locked(HttpContext http, TimeSpan lockFor)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(lockFor.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(429, "rate_limited", $"Too many failed sign-ins for this account; retry in {seconds} s.", null);
    }

    private ILoginBackoffGrain Grain(string account) => grains.GetGrain<ILoginBackoffGrain>(account);
}
