using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Linktor.Api.Tests.Infrastructure;

/// <summary>
/// A node whose per-account login lock and per-tenant request limit are low enough to reach in a test, and which
/// counts the password verifications it makes.
/// </summary>
public sealed class AccountLimitsNode() : LinktorNode(
    new Dictionary<string, string>
    {
        ["Linktor:Auth:LoginFailuresBeforeLock"] = FailuresBeforeLock.ToString(CultureInfo.InvariantCulture),
        ["Linktor:Auth:LoginLock"] = FirstLock.ToString("c", CultureInfo.InvariantCulture),
        ["Linktor:Auth:MaxLoginLock"] = "00:10:00",
        ["Linktor:Api:TenantRequestsPerMinute"] = TenantRequestsPerMinute.ToString(CultureInfo.InvariantCulture),
    },
    realtime: false)
{
    public const int FailuresBeforeLock = 3;
    public const int TenantRequestsPerMinute = 5;

    /// <summary>Long enough that no pause of a busy machine lets it lapse between two requests of a test.</summary>
    public static readonly TimeSpan FirstLock = TimeSpan.FromSeconds(10);

    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<object>>(Hasher));
    }
}
